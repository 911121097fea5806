/** Browsers that run libp2p 3 have what it needs: nothing to check (runtime.ts checks Node.js) */
export function checkRuntime (): void {}
