// The side panel: this node's figures, its peers and the guard's alerts.
import type { ShardView } from '@lvs/node'

export interface PeerRow { id: string, kind: string }
export interface AlertRow { kind: string, text: string, at: number }

export interface PanelModel {
  running: boolean
  peerId: string
  view: ShardView | undefined
  nodes: number
  bytesPerMinute: number | undefined
  peers: PeerRow[]
  alerts: AlertRow[]
  error: string | undefined
}

const MAX_ALERTS = 8

function short (id: string): string {
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id
}

function vector (v: number[] | undefined): string {
  return v == null ? '-' : `[${v.map(x => x.toFixed(3)).join(', ')}]`
}

function el (tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag)
  node.textContent = text

  if (className != null) {
    node.className = className
  }

  return node
}

export function renderPanel (model: PanelModel): void {
  const status = document.getElementById('status')
  const stats = document.getElementById('stats')
  const peers = document.getElementById('peers')
  const peerCount = document.getElementById('peer-count')
  const alerts = document.getElementById('alerts')
  const hint = document.getElementById('hint')

  if (status == null || stats == null || peers == null || peerCount == null || alerts == null || hint == null) {
    return
  }

  const view = model.view
  const state = !model.running ? 'offline' : view?.converged === true ? 'converged' : 'converging'
  status.textContent = model.error != null ? 'error' : state
  status.className = `badge ${model.error != null ? 'offline' : state}`
  hint.textContent = model.error ?? (model.running ? 'Drag your dot (the ringed one) to set your input' : 'Left the swarm: Rejoin to come back with a new identity')

  const rows: Array<[string, string]> = [
    ['node', model.running ? short(model.peerId) : '-'],
    ['nodes in shard', String(model.nodes)],
    ['input', vector(view?.input)],
    ['state', vector(view?.state)],
    ['equilibrium', vector(view?.target)],
    ['spread', view == null ? '-' : view.spread < 1e-3 ? view.spread.toExponential(1) : view.spread.toPrecision(3)],
    ['cycle interval', view == null ? '-' : `${Math.round(view.interval)} ms`],
    ['cycles', view == null ? '-' : String(view.cycles)],
    ['traffic', model.bytesPerMinute == null ? '-' : `${(model.bytesPerMinute / 1024).toFixed(1)} KB/min`]
  ]
  stats.replaceChildren(...rows.flatMap(([term, value]) => [el('dt', term), el('dd', value)]))

  peerCount.textContent = `(${model.peers.length})`
  peers.replaceChildren(...(model.peers.length === 0
    ? [el('li', 'none yet', 'quiet')]
    : model.peers.map(peer => {
      const li = el('li', '')
      li.append(el('span', short(peer.id), 'id'), el('span', peer.kind, `kind ${peer.kind}`))
      return li
    })))

  alerts.replaceChildren(...(model.alerts.length === 0
    ? [el('li', 'no alerts', 'quiet')]
    : model.alerts.slice(-MAX_ALERTS).reverse().map(alert => {
      const li = el('li', '', alert.kind)
      li.append(el('span', `${alert.kind}: ${alert.text}`), el('span', new Date(alert.at).toLocaleTimeString(), 'kind'))
      return li
    })))
}
