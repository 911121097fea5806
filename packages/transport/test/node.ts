import './preset.node.ts'
import './traffic.node.ts'
