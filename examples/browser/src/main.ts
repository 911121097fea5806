// The LVS browser demo: a node with the browser preset dials the relay that
// serves this page, meets the other pages directly over WebRTC, and draws
// every known node drifting to the shared equilibrium.
import { ENTROPY_TOPIC } from '@lvs/codec'
import { DEFAULT_SHARDS, createLvsNode } from '@lvs/node'
import { dialRelays, findRelays, isDirectWebRTC, meshLoop, relayIdOf } from './net.ts'
import { renderPanel } from './panel.ts'
import { Scene } from './scene.ts'
import { renewSlot, takeSlot } from './slot.ts'
import type { AlertRow, PeerRow } from './panel.ts'
import type { Slot } from './slot.ts'
import type { Dot } from './scene.ts'
import type { LvsNode, ShardView } from '@lvs/node'

const SHARD = 'drift'
/** entropy packets come every 10 s while a node converges: its colour fades over about as long */
const HEAT_FADE_MS = 12_000
/** a peer whose published state stopped moving cools over a few seconds */
const MOVE_FADE_MS = 4_000
const TICK_MS = 250
const TRAFFIC_WINDOW_MS = 60_000
/** The shard's bounds (every node of the shard refuses an input beyond them): a drag past the edge stops at it */
const BOUNDS = DEFAULT_SHARDS[0]

function inBounds (value: number[]): number[] {
  return value.map(v => Math.min(BOUNDS.max, Math.max(BOUNDS.min, v)))
}

/** The input the page's address gives (`?input=x,y`), if any */
function givenInput (): number[] | undefined {
  const given = new URLSearchParams(location.search).get('input')?.split(',').map(Number)
  return given?.length === 2 && given.every(Number.isFinite) ? inBounds(given) : undefined
}

function startingInput (): number[] {
  const given = givenInput()

  if (given != null) {
    return given
  }

  return [Math.random() * 20 - 10, Math.random() * 20 - 10].map(v => Math.round(v * 100) / 100)
}

let node: LvsNode | undefined
let slot: Slot | undefined
/** table entries the node found in its datastore at start, before it heard any peer */
let restored = 0
let relays: string[] | undefined
let relayIds = new Set<string | undefined>()
let input = startingInput()
let error: string | undefined
let stopMesh = new AbortController()
let lastCalm = 0
const entropySeen = new Map<string, number>()
const lastState = new Map<string, { state: number[], moved: number }>()
const alerts: AlertRow[] = []
const traffic: Array<{ at: number, bytes: number }> = []

const scene = new Scene(document.getElementById('scene') as HTMLCanvasElement, value => {
  input = inBounds(value)
  node?.services.lvs.setInput(SHARD, input)
})

async function join (): Promise<void> {
  error = undefined
  relays ??= await findRelays(location)
  relayIds = new Set(relays.map(relayIdOf))
  slot ??= await takeSlot()
  // a slot used before keeps its input in its datastore, unless the address gives one
  const fresh = slot.fresh || givenInput() != null
  const started = await createLvsNode({
    ...(fresh ? { inputs: { [SHARD]: input } } : {}),
    libp2p: { privateKey: slot.privateKey, datastore: slot.datastore }
  })
  node = started
  restored = slot.fresh ? 0 : started.services.lvs.table(SHARD).length
  input = started.services.lvs.getState(SHARD).input

  started.services.pubsub.addEventListener('message', evt => {
    const message = evt.detail

    if (message.topic === ENTROPY_TOPIC && message.type === 'signed') {
      entropySeen.set(message.from.toString(), Date.now())
    }
  })

  for (const kind of ['anomaly', 'alert', 'quarantine'] as const) {
    started.services.lvs.addEventListener(kind, evt => {
      alerts.push({ kind, text: `${evt.detail.peer.slice(-6)} ${evt.detail.reason}`, at: Date.now() })
    })
  }

  // every relay: when one goes away, the page goes on through the others (and dials it again when it returns)
  await dialRelays(started, relays)
  stopMesh = new AbortController()
  meshLoop(started, relays, SHARD, stopMesh.signal)
}

async function leave (): Promise<void> {
  stopMesh.abort()
  const stopping = node
  node = undefined
  traffic.length = 0
  await stopping?.stop()
}

function connectionKinds (running: LvsNode): Map<string, 'direct' | 'relayed'> {
  const kinds = new Map<string, 'direct' | 'relayed'>()

  for (const connection of running.getConnections()) {
    const peer = connection.remotePeer.toString()

    if (isDirectWebRTC(connection) || relayIds.has(peer)) {
      kinds.set(peer, 'direct')
    } else if (!kinds.has(peer)) {
      kinds.set(peer, 'relayed')
    }
  }

  return kinds
}

/**
 * 1 while a node injects entropy, fading to 0 once it is calm: this node
 * knows its own state; of a peer it sees its entropy packets and, between
 * them (one per 10 s), whether its published state still moves
 */
function heat (key: string, self: boolean, view: ShardView, state: number[]): number {
  const now = Date.now()

  if (self) {
    if (!view.converged) {
      lastCalm = now
    }

    return Math.exp(-(now - lastCalm) / HEAT_FADE_MS)
  }

  const last = lastState.get(key)

  if (last == null || last.state.some((value, j) => value !== state[j])) {
    lastState.set(key, { state, moved: last == null ? 0 : now })
  }

  const entropy = now - (entropySeen.get(key) ?? -Infinity)
  const moved = now - (lastState.get(key)?.moved ?? -Infinity)
  return Math.max(Math.exp(-entropy / HEAT_FADE_MS), Math.exp(-moved / MOVE_FADE_MS))
}

function bytesPerMinute (running: LvsNode): number | undefined {
  const { sent, received } = running.services.lvs.traffic()
  const now = Date.now()
  traffic.push({ at: now, bytes: sent + received })

  while (traffic.length > 2 && now - traffic[1].at >= TRAFFIC_WINDOW_MS) {
    traffic.shift()
  }

  const first = traffic[0]
  const elapsed = now - first.at
  return elapsed < 5000 ? undefined : (sent + received - first.bytes) * 60_000 / elapsed
}

function tick (): void {
  const running = node
  const view = running?.services.lvs.getState(SHARD)
  const self = running?.peerId.toString() ?? ''
  const kinds = running == null ? new Map() : connectionKinds(running)
  const dots: Dot[] = running == null || view == null
    ? []
    : running.services.lvs.table(SHARD)
      .filter(entry => entry.status !== 'quarantined')
      .map(entry => {
        const own = entry.key === self
        return {
          key: entry.key,
          state: own ? view.state : entry.state,
          input: own ? view.input : entry.input,
          self: own,
          relay: relayIds.has(entry.key),
          heat: heat(entry.key, own, view, entry.state),
          link: kinds.get(entry.key) ?? null
        }
      })

  scene.update({ dots, target: view?.target ?? null })

  // one row per peer, its best connection: the relay, WebRTC, or only through the relay
  const peers: PeerRow[] = [...kinds.entries()].map(([id, kind]) => ({
    id,
    kind: relayIds.has(id) ? 'relay' : kind === 'direct' ? 'webrtc' : 'via relay'
  }))

  renderPanel({
    running: running != null,
    peerId: self,
    view,
    nodes: dots.length,
    bytesPerMinute: running == null ? undefined : bytesPerMinute(running),
    peers,
    alerts,
    error
  })
}

const button = document.getElementById('leave') as HTMLButtonElement

/** Back as a new member: a new key and an empty table in this tab's slot */
async function rejoin (): Promise<void> {
  if (slot != null) {
    slot = await renewSlot(slot)
  }

  await join()
}

button.addEventListener('click', () => {
  button.disabled = true
  const action = node != null ? leave() : rejoin()
  action.then(() => {
    button.textContent = node != null ? 'Leave' : 'Rejoin'
  }, err => {
    error = String(err.message ?? err)
  }).finally(() => {
    button.disabled = false
  })
})

/** For the end-to-end tests and the curious: what this page's node sees */
;(window as any).lvsDemo = {
  peerId: () => node?.peerId.toString(),
  running: () => node != null,
  view: () => node?.services.lvs.getState(SHARD),
  input: () => input,
  error: () => error,
  nodes: () => node?.services.lvs.table(SHARD).length ?? 0,
  restored: () => restored,
  slot: () => slot?.index,
  relays: () => relays,
  connections: () => node?.getConnections().map(c => ({ peer: c.remotePeer.toString(), addr: c.remoteAddr.toString(), direct: isDirectWebRTC(c), limited: c.limits != null })) ?? [],
  dotPosition: () => node == null ? undefined : scene.clientPosition(node.peerId.toString())
}

setInterval(tick, TICK_MS)
join().then(() => {
  button.disabled = false
}, err => {
  error = String(err.message ?? err)
  button.disabled = false
  button.textContent = 'Rejoin'
})
