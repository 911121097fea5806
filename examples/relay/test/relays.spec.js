// Relays for operators: two relays, the second told of the first with
// --bootstrap, make one swarm (one equilibrium, each lists the other in
// /relay.json); /healthz; --log json; --announce.
import { expect } from 'aegir/chai'
import { createHttpServer } from '../http.js'
import { FREE_PORTS, start } from './run.js'

/** What the relay serves at `path` of `page`, as JSON */
async function get (page, path) {
  return (await fetch(new URL(path, page))).json()
}

/** Waits for `condition` (async) until `ms` have passed; fails with `what` */
async function until (condition, ms, what) {
  const deadline = Date.now() + ms

  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`)
    }

    await new Promise(resolve => setTimeout(resolve, 250))
  }
}

describe('relays for operators', function () {
  this.timeout(90_000)

  it('a relay started with --bootstrap joins the other\'s swarm: one equilibrium, each lists the other, both healthy, every log line JSON', async () => {
    const first = start([...FREE_PORTS, '--data', '', '--input', '2,4', '--log', 'json'])
    const firstPage = await first.ready
    const one = await get(firstPage, '/relay.json')
    const tcp = one.multiaddrs.find(ma => ma.includes('/tcp/') && !ma.includes('/ws'))
    const second = start([...FREE_PORTS, '--data', '', '--input', '6,8', '--log', 'json', '--bootstrap', tcp])

    try {
      const secondPage = await second.ready
      const two = await get(secondPage, '/relay.json')
      const settled = async page => {
        const { drift } = await get(page, '/relay.json')
        return drift.count === 2 && drift.target[0] === 4 && drift.target[1] === 6
      }
      await until(async () => await settled(firstPage) && await settled(secondPage), 60_000, 'both relays at the mean of their inputs, [4, 6]')

      await until(async () => (await get(firstPage, '/relay.json')).relays.some(relay => relay.peerId === two.peerId), 10_000, 'the first relay to list the second')
      expect((await get(secondPage, '/relay.json')).relays.map(relay => relay.peerId)).to.include(one.peerId)

      for (const page of [firstPage, secondPage]) {
        const health = await fetch(new URL('/healthz', page))
        expect(health.status).to.equal(200)
        expect(await health.json()).to.deep.equal({ status: 'ready' })
      }
    } finally {
      expect(await second.stop()).to.equal(0)
      expect(await first.stop()).to.equal(0)
    }

    // one JSON object per line, each with its time and event; the second relay joined, left, and the first stopped
    const events = first.stdout().trim().split('\n').map(line => JSON.parse(line))
    events.forEach(event => { expect(event).to.have.keys(['time', 'event', ...Object.keys(event).filter(key => key !== 'time' && key !== 'event')]) })
    expect(events.every(event => !Number.isNaN(Date.parse(event.time)))).to.be.true()
    const kinds = events.map(event => event.event)
    expect(kinds[0]).to.equal('start')
    expect(events.some(event => event.event === 'join' && event.peer === second.output().match(/"peerId":"(\w+)"/)?.[1])).to.be.true()
    expect(kinds).to.include.members(['leave', 'stopping', 'stopped'])
  })

  it('advertises the addresses given with --announce', async () => {
    const relay = start([...FREE_PORTS, '--data', '', '--announce', '/dns4/relay.example.org/tcp/443/tls/ws'])

    try {
      const info = await get(await relay.ready, '/relay.json')
      expect(info.multiaddrs).to.deep.equal([`/dns4/relay.example.org/tcp/443/tls/ws/p2p/${info.peerId}`])
      expect(info.websockets).to.equal(info.multiaddrs[0])
    } finally {
      expect(await relay.stop()).to.equal(0)
    }
  })

  it('/healthz says 503 while the relay is not ready (or stopping), 200 once it is', async () => {
    let ready = false
    const server = createHttpServer({ web: '/nowhere', relayInfo: async () => ({}), ready: () => ready })
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${server.address().port}/healthz`

    try {
      expect((await fetch(url)).status).to.equal(503)
      ready = true
      expect((await fetch(url)).status).to.equal(200)
    } finally {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })
})

