/**
 * Whether the platform says its battery is low. Node tells nothing, so
 * never; the browser build asks the Battery Status API (power.browser.ts)
 */
export async function batteryLow (): Promise<boolean> {
  return false
}
