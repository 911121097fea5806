import { shardTopic } from '@lvs/codec'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

/** multicodec of raw bytes */
const RAW = 0x55

/**
 * The DHT key under which the nodes of a shard provide themselves: a CID
 * of the shard topic's bytes, so any node derives it from the shard name
 * alone
 */
export async function shardKey (shard: string): Promise<CID> {
  return CID.createV1(RAW, await sha256.digest(new TextEncoder().encode(shardTopic(shard))))
}
