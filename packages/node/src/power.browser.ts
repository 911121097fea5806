/** Below this charge, unplugged, the node saves power */
const LOW_BATTERY = 0.2

interface Battery { level: number, charging: boolean }

/** Whether the Battery Status API (Chromium) reports a low battery that is not charging; false where it is missing */
export async function batteryLow (): Promise<boolean> {
  const getBattery = (globalThis.navigator as { getBattery?(): Promise<Battery> } | undefined)?.getBattery

  if (getBattery == null) {
    return false
  }

  try {
    const battery = await getBattery.call(globalThis.navigator)
    return !battery.charging && battery.level < LOW_BATTERY
  } catch {
    return false
  }
}
