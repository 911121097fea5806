// What the relay logs about its swarm and its guard: peers joining and
// leaving, quarantines, alerts, input jumps, evidence, refused sync
// entries, recoveries and errors the node went on from, one line each. The
// guard's events are also counted in /metrics (lvs_guard_events_total) and
// kept in the node's audit log.

/** Writes an event through `log` (see log.js) for each of these of `node` */
export function logGuard (node, log) {
  const lvs = node.services.lvs
  const on = (type, fields, text) => { lvs.addEventListener(type, evt => { log(type, fields(evt.detail), text(evt.detail)) }) }
  const guarded = d => ({ peer: d.peer, shard: d.shard, reason: d.reason })

  node.addEventListener('peer:connect', evt => { log('join', { peer: evt.detail.toString() }, `join ${evt.detail}`) })
  node.addEventListener('peer:disconnect', evt => { log('leave', { peer: evt.detail.toString() }, `leave ${evt.detail}`) })
  on('quarantine', guarded, d => `quarantine ${d.peer} in ${d.shard}: ${d.reason}`)
  on('alert', guarded, d => `alert ${d.peer} in ${d.shard}: ${d.reason}`)
  on('anomaly', guarded, d => `anomaly ${d.peer} in ${d.shard}: ${d.reason}`)
  on('evidence', d => ({ kind: d.kind, offender: d.offender, shard: d.shard, from: d.from }), d => `evidence of kind ${d.kind} condemns ${d.offender} in ${d.shard} (${d.from === 'local' ? 'found here, published' : 'from a peer, checked'})`)
  on('recovery', d => ({ shard: d.shard }), d => `recovery in ${d.shard}: state far outside the swarm's range, snapped to the target`)
  on('error', d => ({ where: d.where, error: d.error.name, message: d.error.message }), d => `error in ${d.where}: ${d.error.name}: ${d.error.message}`)
  lvs.addEventListener('sync', evt => {
    const d = evt.detail

    if (d.refused > 0) {
      log('sync-refused', { shard: d.shard, peer: d.peer, merged: d.merged, refused: d.refused }, `sync of ${d.shard} with ${d.peer}: ${d.merged} merged, ${d.refused} refused`)
    }
  })
}
