import { ALERT_THRESHOLD, QUARANTINE_THRESHOLD } from './constants.ts'

/** What the guard thinks of a peer or an entry: counted in full, on ALERT, or QUARANTINED */
export type GuardStatus = 'live' | 'alert' | 'quarantine'

/** ALERT at threat >= 0.60, QUARANTINE at >= 0.85, live below (and for a threat that is not a number) */
export function statusOf (threat: number): GuardStatus {
  if (threat >= QUARANTINE_THRESHOLD) {
    return 'quarantine'
  }

  if (threat >= ALERT_THRESHOLD) {
    return 'alert'
  }

  return 'live'
}
