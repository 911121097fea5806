import root from '../../.aegir.js'

/** The relay's own input in the "drift" shard; test/relay.browser.ts expects this one */
const RELAY_INPUT = [6, -2]

/**
 * The root config (Debian's Chromium) plus, for browser tests only, an LVS
 * relay in Node: WebSockets on 127.0.0.1, circuit relay v2 server and an
 * input of its own. Browser code reads its address from
 * `process.env.LVS_RELAY_ADDR` (aegir passes the hook's env to the bundle).
 *
 * @type {import('aegir').PartialOptions}
 */
export default {
  ...root,
  test: {
    ...root.test,
    async before (options) {
      if (options.runner !== 'browser') {
        return {}
      }

      // imported here, not at the top: building and linting load this file before dist exists
      const { createLvsNode } = await import('./dist/src/index.js')
      const relay = await createLvsNode({
        listen: ['/ip4/127.0.0.1/tcp/0/ws'],
        relayServer: true,
        inputs: { drift: RELAY_INPUT }
      })
      const address = relay.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))

      if (address == null) {
        await relay.stop()
        throw new Error(`the relay has no WebSockets address: ${relay.getMultiaddrs().join(', ')}`)
      }

      return {
        relay,
        env: {
          LVS_RELAY_ADDR: address.toString()
        }
      }
    },
    async after (_, before) {
      await before?.relay?.stop()
    }
  }
}
