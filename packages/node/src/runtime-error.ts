/** The oldest Node.js major version LVS runs on: libp2p 3 calls Promise.withResolvers (Node 22) */
export const MIN_NODE_MAJOR = 22

/** This runtime cannot run LVS */
export class UnsupportedRuntimeError extends Error {
  static name = 'UnsupportedRuntimeError'

  constructor (message: string) {
    super(message)
    this.name = 'UnsupportedRuntimeError'
  }
}
