// The smallest program that adds lvs() to an existing libp2p node.
// Two such nodes in one process meet over TCP on 127.0.0.1 and drift to the
// mean of their inputs; the program prints it and exits 0 once both are there.
import { lvs } from '@lvs/node'
import { lvsPreset } from '@lvs/transport'
import { createLibp2p } from 'libp2p'

async function appNode (input) {
  const preset = lvsPreset() // or your own libp2p options, with gossipsub under any name
  return createLibp2p({
    ...preset,
    services: { ...preset.services, lvs: lvs({ inputs: { drift: input } }) }
  })
}

const a = await appNode([5, 1])
const b = await appNode([-2, -3])
await b.dial(a.getMultiaddrs()[0])

const mean = [1.5, -1]
const settled = node => {
  const { state } = node.services.lvs.getState('drift')
  return Math.hypot(state[0] - mean[0], state[1] - mean[1]) < 1e-6
}

const deadline = Date.now() + 30_000
while (!(settled(a) && settled(b)) && Date.now() < deadline) {
  await new Promise(resolve => setTimeout(resolve, 100))
}

const view = a.services.lvs.getState('drift')
console.log(`equilibrium [${view.target.join(', ')}], count ${view.count}, cycle ${view.cycle}`)
console.log(`a at [${view.state.map(v => v.toFixed(7)).join(', ')}], b at [${b.services.lvs.getState('drift').state.map(v => v.toFixed(7)).join(', ')}]`)

const ok = settled(a) && settled(b)
await Promise.all([a.stop(), b.stop()])
process.exitCode = ok ? 0 : 1
