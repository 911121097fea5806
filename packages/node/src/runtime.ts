import { MIN_NODE_MAJOR, UnsupportedRuntimeError } from './runtime-error.ts'

/**
 * Throws, naming the Node.js version needed and how to get it, when this
 * Node.js is too old: under Node 20 libp2p fails deep inside its start
 * with an error that says nothing of the version (browsers: see
 * runtime.browser.ts)
 *
 * @throws {UnsupportedRuntimeError}
 */
export function checkRuntime (): void {
  const version = globalThis.process?.versions?.node

  if (version != null && Number(version.split('.')[0]) < MIN_NODE_MAJOR) {
    throw new UnsupportedRuntimeError(`LVS needs Node.js ${MIN_NODE_MAJOR} or later (libp2p 3 uses Promise.withResolvers); this is Node.js ${version}. In this repository \`npm install\` puts Node ${MIN_NODE_MAJOR} at node_modules/.bin/node, which npm start, npm test and npm run use; run a script directly with node_modules/.bin/node, or install Node.js ${MIN_NODE_MAJOR}`)
  }
}
