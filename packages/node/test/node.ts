import './swarm.node.ts'
