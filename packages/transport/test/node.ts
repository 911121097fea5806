import './preset.node.ts'
import './traffic.node.ts'
import './websockets.node.ts'
import './yamux.node.ts'
