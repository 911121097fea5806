/** What the byte model reads of one converged swarm, real or simulated */
export interface ModelInput {
  /** gossipsub messages handed to a node per minute (each once, however many copies came): heartbeats, beacons */
  messagesPerMinute: number
  /** connections per node */
  connectionsPerNode: number
}

/** One real run: the model's inputs and the converged bytes per node per minute measured */
export interface ModelRun extends ModelInput {
  nodes: number
  bytesPerMinute: number
}

/**
 * Converged bytes per node per minute = perMessage x messages + perConnection
 * x connections: each message costs its copies over the mesh, the ids
 * announced in IHAVE and their framing; each connection its pings,
 * gossipsub's control and its own framing
 */
export interface ByteModel {
  perMessage: number
  perConnection: number
}

export function predictBytes (model: ByteModel, input: ModelInput): number {
  return model.perMessage * input.messagesPerMinute + model.perConnection * input.connectionsPerNode
}

/**
 * The byte model that fits the runs best (least squares of the relative
 * errors, so a small swarm counts as much as a large one)
 *
 * @throws {RangeError} with fewer than two runs, or runs that cannot tell the two costs apart
 */
export function fitByteModel (runs: readonly ModelRun[]): ByteModel {
  // relative errors: each run's equation divided by its measured bytes
  const rows = runs.map(run => ({ m: run.messagesPerMinute / run.bytesPerMinute, c: run.connectionsPerNode / run.bytesPerMinute }))
  const mm = rows.reduce((sum, r) => sum + r.m * r.m, 0)
  const mc = rows.reduce((sum, r) => sum + r.m * r.c, 0)
  const cc = rows.reduce((sum, r) => sum + r.c * r.c, 0)
  const m1 = rows.reduce((sum, r) => sum + r.m, 0)
  const c1 = rows.reduce((sum, r) => sum + r.c, 0)
  const det = mm * cc - mc * mc

  if (runs.length < 2 || !(Math.abs(det) > 1e-12 * mm * cc)) {
    throw new RangeError(`the byte model needs at least two runs that differ in messages and connections, got ${runs.length}`)
  }

  return { perMessage: (m1 * cc - c1 * mc) / det, perConnection: (c1 * mm - m1 * mc) / det }
}

/** Per run: (predicted - measured) / measured */
export function calibrationErrors (model: ByteModel, runs: readonly ModelRun[]): number[] {
  return runs.map(run => (predictBytes(model, run) - run.bytesPerMinute) / run.bytesPerMinute)
}
