import './swarm.node.ts'
import './hostile.node.ts'
import './engine.node.ts'
import './restart.node.ts'
