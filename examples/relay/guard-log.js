// What the relay prints about its guard: quarantines, alerts, input jumps,
// evidence, refused sync entries, recoveries and errors the node went on
// from, one line each with the time. The same events are counted in
// /metrics (lvs_guard_events_total) and kept in the node's audit log.

const time = () => new Date().toISOString().slice(11, 19)

/** Prints a line for each guard event of `node` through `print` */
export function logGuard (node, print = line => { console.log(line) }) {
  const lvs = node.services.lvs
  const on = (type, line) => { lvs.addEventListener(type, evt => { print(`${time()} ${line(evt.detail)}`) }) }

  on('quarantine', d => `quarantine ${d.peer} in ${d.shard}: ${d.reason}`)
  on('alert', d => `alert ${d.peer} in ${d.shard}: ${d.reason}`)
  on('anomaly', d => `anomaly ${d.peer} in ${d.shard}: ${d.reason}`)
  on('evidence', d => `evidence of kind ${d.kind} condemns ${d.offender} in ${d.shard} (${d.from === 'local' ? 'found here, published' : 'from a peer, checked'})`)
  on('recovery', d => `recovery in ${d.shard}: state far outside the swarm's range, snapped to the target`)
  on('error', d => `error in ${d.where}: ${d.error.name}: ${d.error.message}`)
  lvs.addEventListener('sync', evt => {
    const d = evt.detail

    if (d.refused > 0) {
      print(`${time()} sync of ${d.shard} with ${d.peer}: ${d.merged} merged, ${d.refused} refused`)
    }
  })
}
