import './swarm.node.ts'
import './hostile.node.ts'
