/**
 * Durability: a node writes what changed while it runs, so a process
 * killed at any moment (SIGKILL: no stop, no last write) comes back with
 * its table and its own input; and a datastore that fails does not stop it.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import { ShardStore, createPersistentDatastore } from '@lvs/shards'
import { expect } from 'aegir/chai'
import { MemoryDatastore } from 'datastore-core'
import { Registry } from 'prom-client'
import { createLvsNode } from '../src/index.ts'
import { until } from './util.ts'
import type { LvsNode, TableView } from '../src/index.ts'
import type { Datastore } from 'interface-datastore'
import type { ChildProcess } from 'node:child_process'

const CHILD = fileURLToPath(new URL('./fixtures/persisted-node.ts', import.meta.url))

interface View { started?: string, addrs?: string[], peers: number, state: { input: number[], target: number[], count: number }, table: TableView[] }

/** A node in its own process (fixtures/persisted-node.ts), driven over stdin/stdout */
function child (dir: string, input: string, mode: 'connect' | 'alone'): { process: ChildProcess, next(): Promise<View>, ask(command: object): Promise<View> } {
  const proc = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', CHILD, join(dir, 'data'), join(dir, 'key'), input, mode], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]()
  const next = async (): Promise<View> => JSON.parse(String((await lines.next()).value))

  return { process: proc, next, ask: async command => { proc.stdin!.write(`${JSON.stringify(command)}\n`); return next() } }
}

const keysOf = (table: TableView[]): string[] => table.map(entry => entry.key).sort()

describe('durable: a node that is killed comes back with what it knew', function () {
  this.timeout(120_000)
  const nodes: LvsNode[] = []
  const children: ChildProcess[] = []
  let dir: string
  let after = (): void => {}

  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'lvs-durable-')) })

  afterEach(async () => {
    children.splice(0).forEach(proc => proc.kill('SIGKILL'))
    await Promise.all(nodes.splice(0).map(async node => node.stop()))
    after()
    after = () => {}
    await rm(dir, { recursive: true, force: true })
  })

  it('SIGKILL after an input change: restarted on the same directory, it has every entry and its own input before it hears any peer', async () => {
    // three nodes on datastore-level: two here, the one that is killed in its own process
    const stores = await Promise.all(['a', 'b'].map(async name => createPersistentDatastore({ location: join(dir, name) })))
    after = () => { void Promise.all(stores.map(async store => store.close())) }
    const a = await createLvsNode({ inputs: { drift: [5, 1] }, heartbeatInterval: 2000, libp2p: { datastore: stores[0] } })
    const b = await createLvsNode({ inputs: { drift: [-2, -3] }, heartbeatInterval: 2000, libp2p: { datastore: stores[1] } })
    nodes.push(a, b)
    await b.dial(a.getMultiaddrs()[0])

    const first = child(dir, '9,4', 'connect')
    children.push(first.process)
    const started = await first.next()
    await first.ask({ dial: a.getMultiaddrs()[0].toString() })
    const counted = async (): Promise<boolean> => (await first.ask({})).state.count === 3
    for (let i = 0; i < 100 && !(await counted()); i++) { await new Promise(resolve => setTimeout(resolve, 200)) }
    await until(() => [a, b].every(node => node.services.lvs.getState('drift').count === 3), 30_000, 'three nodes counting each other')

    // a new input, then longer than the persist interval (500 ms), then no stop at all
    await first.ask({ input: [7, -6] })
    await until(() => [a, b].every(node => node.services.lvs.table('drift').some(entry => entry.key === started.started && entry.input[0] === 7)), 20_000, 'the peers to hear the new input')
    await new Promise(resolve => setTimeout(resolve, 1500))
    const before = await first.ask({})
    first.process.kill('SIGKILL')
    await new Promise(resolve => first.process.once('exit', resolve))

    // the same directory and key, alone: no dial, no sync, so all it holds came from its datastore
    const second = child(dir, '-', 'alone')
    children.push(second.process)
    const back = await second.next()
    expect(back.started).to.equal(started.started)
    expect(back.peers, 'it has heard no peer').to.equal(0)
    expect(back.state.input, 'its own input, the one set before the kill').to.deep.equal([7, -6])
    expect(keysOf(back.table)).to.deep.equal([a.peerId.toString(), b.peerId.toString(), started.started].sort())
    expect(keysOf(back.table)).to.deep.equal(keysOf(before.table))
    const inputs = (table: TableView[]): Record<string, number[]> => Object.fromEntries(table.map(entry => [entry.key, entry.input]))
    expect(inputs(back.table)).to.deep.equal(inputs(before.table))
    expect(back.state.count).to.equal(3)
    expect(back.state.target).to.deep.equal([10 / 3, -8 / 3])
  })

  it('a datastore that fails every write for a minute: the node runs on, the metric shows it, and the next good write catches up', async () => {
    let failing = false
    const inner = new MemoryDatastore()
    // every write fails while `failing`; reads work (a full disk, a quota reached)
    const flaky = new Proxy(inner, {
      get (target, property, receiver) {
        const value = Reflect.get(target, property, receiver)

        if (property === 'put' || property === 'delete' || property === 'batch') {
          return (...args: any[]) => {
            if (failing) {
              throw new Error('the disk is full')
            }

            return value.apply(target, args)
          }
        }

        return typeof value === 'function' ? value.bind(target) : value
      }
    }) as Datastore
    const registry = new Registry()
    const node = await createLvsNode({ inputs: { drift: [1, 1] }, persistInterval: 1000, maxInterval: 1000, lowPower: false, libp2p: { datastore: flaky, metrics: prometheusMetrics({ registry, collectDefaultMetrics: false }) } })
    const peer = await createLvsNode({ inputs: { drift: [3, 5] } })
    nodes.push(node, peer)
    const errors: string[] = []
    node.services.lvs.addEventListener('error', evt => { errors.push(`${evt.detail.where}: ${evt.detail.error.message}`) })
    const failures = async (): Promise<number> => Number(/lvs_persist_failures (\d+)/.exec(await registry.metrics())?.[1])

    await peer.dial(node.getMultiaddrs()[0])
    await until(() => node.services.lvs.getState('drift').count === 2, 30_000, 'the node to count its peer')
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect(await failures()).to.equal(0)

    // from here every write fails (libp2p's own peer store writes to the same datastore too)
    failing = true
    node.services.lvs.setInput('drift', [2, 2])
    const cyclesBefore = node.services.lvs.getState('drift').cycles

    try {
      await new Promise(resolve => setTimeout(resolve, 60_000))
      expect(await failures(), 'a minute of failed writes, one a second').to.be.at.least(30)
      expect(errors.filter(e => e === 'persist: the disk is full').length).to.be.at.least(30)
      expect(node.services.lvs.getState('drift').cycles - cyclesBefore, 'it kept cycling').to.be.at.least(30)
      expect(node.services.lvs.getState('drift').count, 'and hearing its peer').to.equal(2)
    } finally {
      // a failed assertion must not leave libp2p unable to write on stop
      failing = false
    }

    const recovered = async (): Promise<boolean> => (await failures()) === 0
    for (let i = 0; i < 50 && !(await recovered()); i++) { await new Promise(resolve => setTimeout(resolve, 200)) }
    expect(await failures(), 'the next write succeeded').to.equal(0)

    // what the datastore holds now is the table as it is: the peer's entry and the new input
    const reread = new ShardStore({ datastore: inner })
    const shard = await reread.loadShard({ name: 'drift', dimension: 2 })
    expect(shard.input).to.deep.equal([2, 2])
    expect([...shard.entries.keys()]).to.include(peer.peerId.toString())
  })
})
