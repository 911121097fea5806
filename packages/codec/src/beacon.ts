import { MAX_BEACON_BYTES, MAX_BEACON_SHARDS, MAX_DIGEST_BYTES, PROTOCOL_VERSION } from './constants.ts'
import { LimitExceededError, MalformedMessageError } from './errors.ts'
import { Beacon as pb } from './messages.ts'
import { checkBytes, checkRange, checkShardId, checkUint32, checkVersion, decodeLimited, toSafeInteger, toUint64 } from './validate.ts'
import { BEACON_LAYOUT } from './wire.ts'
import type { Beacon as BeaconPb } from './messages.ts'

/** What a beacon says of one shard the sender holds */
export interface ShardDigest {
  shardId: string
  /** root of the hash tree over the sender's table */
  digest: Uint8Array
  /** live entries in the sender's table */
  count: number
}

/** A beacon, published on `/lvs/1/beacon` once per heartbeat */
export interface Beacon {
  /** 0..1 */
  nodeLoad: number
  /** the sender's cycle interval, ms */
  cycleInterval: number
  shards: ShardDigest[]
  /** ms since the epoch */
  timestamp: number
}

function check (beacon: Beacon): void {
  checkRange(beacon.nodeLoad, 0, 1, 'beacon load')
  checkUint32(beacon.cycleInterval, 0, 'beacon cycle interval')

  if (!Array.isArray(beacon.shards)) {
    throw new MalformedMessageError('beacon shards must be an array')
  }

  if (beacon.shards.length > MAX_BEACON_SHARDS) {
    throw new LimitExceededError(`beacon names ${beacon.shards.length} shards, more than ${MAX_BEACON_SHARDS}`)
  }

  const seen = new Set<string>()

  beacon.shards.forEach((shard, i) => {
    checkShardId(shard.shardId, `beacon shard ${i}`)
    checkBytes(shard.digest, MAX_DIGEST_BYTES, `beacon shard ${i} digest`)
    checkUint32(shard.count, 0, `beacon shard ${i} count`)

    if (seen.has(shard.shardId)) {
      throw new MalformedMessageError(`beacon names shard ${shard.shardId} twice`)
    }

    seen.add(shard.shardId)
  })
}

export function encodeBeacon (beacon: Beacon): Uint8Array {
  check(beacon)

  return pb.encode({
    version: PROTOCOL_VERSION,
    nodeLoad: beacon.nodeLoad,
    cycleInterval: beacon.cycleInterval,
    // protons only reads the digests: any Uint8Array will do
    shards: beacon.shards as BeaconPb['shards'],
    timestamp: toUint64(beacon.timestamp, 1, 'beacon timestamp')
  })
}

/**
 * Decodes a beacon, enforcing its limits
 *
 * @throws {CodecError} a subclass naming what is wrong
 */
export function decodeBeacon (bytes: Uint8Array): Beacon {
  const message = decodeLimited(pb, bytes, MAX_BEACON_BYTES, 'beacon', BEACON_LAYOUT, {
    shards: MAX_BEACON_SHARDS
  })

  checkVersion(message.version, 'beacon')
  const beacon: Beacon = {
    nodeLoad: message.nodeLoad,
    cycleInterval: message.cycleInterval,
    shards: message.shards,
    timestamp: toSafeInteger(message.timestamp, 1, 'beacon timestamp')
  }
  check(beacon)

  return beacon
}
