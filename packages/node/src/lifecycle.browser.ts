/**
 * Calls `flush` when the page that runs the node is hidden (another tab, a
 * minimised window: it may never come back) or closed (`pagehide`, which
 * unlike `unload` also fires for pages kept in the back-forward cache), so
 * a tab closed without `stop()` keeps what it learned. Returns a function
 * that stops watching.
 */
export function onPageHide (flush: () => void): () => void {
  const hidden = (): void => {
    if (globalThis.document?.visibilityState === 'hidden') {
      flush()
    }
  }

  globalThis.addEventListener?.('pagehide', flush)
  globalThis.document?.addEventListener('visibilitychange', hidden)

  return () => {
    globalThis.removeEventListener?.('pagehide', flush)
    globalThis.document?.removeEventListener('visibilitychange', hidden)
  }
}
