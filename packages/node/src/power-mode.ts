import { HIGH_LOAD } from './constants.ts'
import { batteryLow } from './power.ts'

export interface PowerModeInit {
  /** `'auto'`, or low power always on or off */
  mode: boolean | 'auto'
  /** event-loop load, 0..1 */
  load(): number
  /** no peer shares any shard of the node */
  alone(): boolean
}

/**
 * Low-power mode (docs/node.md): with `'auto'`, on while the battery is low
 * and unplugged where the platform tells, the event loop is over 85 % busy,
 * or no peer shares a shard
 */
export class PowerMode {
  low = false
  private readonly init: PowerModeInit

  constructor (init: PowerModeInit) {
    this.init = init
  }

  /** Checks the conditions; the new mode when it changed, else undefined */
  async check (): Promise<boolean | undefined> {
    const mode = this.init.mode
    const low = mode !== 'auto' ? mode : this.init.alone() || this.init.load() > HIGH_LOAD || await batteryLow()

    if (low === this.low) {
      return undefined
    }

    this.low = low
    return low
  }
}
