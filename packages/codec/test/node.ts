import './interop.node.ts'
