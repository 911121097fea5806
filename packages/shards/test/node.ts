import './persistence.node.ts'
import './sync.node.ts'
