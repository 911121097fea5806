import './preset.node.ts'
