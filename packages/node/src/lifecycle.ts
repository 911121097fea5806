/**
 * Calls `flush` when the page that runs the node is hidden or closed. Node
 * has no pages: nothing to watch (lifecycle.browser.ts watches them).
 * Returns a function that stops watching.
 */
export function onPageHide (flush: () => void): () => void {
  void flush
  return () => {}
}
