import { EVIDENCE_TOPIC_PREFIX, SHARD_TOPIC_PREFIX } from './constants.ts'
import { checkShardId } from './validate.ts'

/** The gossipsub topic of a shard's SDMs: `/lvs/1/shard/<name>` */
export function shardTopic (shardId: string): string {
  checkShardId(shardId, 'shard topic')

  return `${SHARD_TOPIC_PREFIX}${shardId}`
}

/** The gossipsub topic of a shard's evidence: `/lvs/1/evidence/<name>` */
export function evidenceTopic (shardId: string): string {
  checkShardId(shardId, 'evidence topic')

  return `${EVIDENCE_TOPIC_PREFIX}${shardId}`
}
