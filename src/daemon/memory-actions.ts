/**
 * The person's memory actions shared by the CLI commands and the interactive session:
 * asking (retrieve, then answer with citations) and feedback on a result.
 */
import { NoctemError, limits } from '../core/index.ts';
import { answerQuestion, type Answer } from '../answer/index.ts';
import { applyFeedback, updateProfileIn, type FeedbackSignal } from '../identity/index.ts';
import { topicOf } from '../recall/index.ts';
import type { Noctem } from './compose.ts';
import type { Memory } from './memory.ts';
import { applyDriveEvent, plasticityRate, restoringRate, type DriveState } from '../autonomy/index.ts';
import type { StoreWriter } from '../store/index.ts';
import { applyFeedbackPlasticity, feedbackPlasticityDefaults } from './feedback-plasticity.ts';
import { readAutonomyState, writeAutonomyState } from './autonomy-state.ts';

/** What feedback changed. */
export interface FeedbackOutcome {
  readonly id: string;
  readonly signal: FeedbackSignal;
  readonly topic: string | null;
  readonly affinity: number | null;
}

/**
 * Answers a question from the memory: the best chunks go to the model (untrusted ones as
 * quoted data only) or to the extractive answerer. Counts the question's topic.
 */
export async function askMemory(noctem: Noctem, memory: Memory, question: string): Promise<Answer> {
  const results = await memory.recall.search(question, { k: limits.askContextChunksMax, snippets: false, scoreMin: memory.recallScoreMin() });
  const chunks = results.flatMap((r) => {
    const chunk = memory.index.chunk(r.id);
    return chunk === undefined ? [] : [{ id: chunk.id, source: chunk.path, text: chunk.text, untrusted: chunk.untrusted }];
  });
  const answer = await answerQuestion(question, chunks, memory.model === undefined ? {} : { model: memory.model });
  const topic = topicOf(question);
  if (topic !== undefined) noctem.profile.recordTopic(topic);
  return answer;
}

/**
 * Records that result `id` helped (+1) or not (-1): a feedback record for later learning,
 * the profile's preference for the result's topic moved by 0.1 (spec §6.3.2), the dopamine
 * TD update (reward ±1, §5.1) saved with the drives, on +1 the Hebbian contraction of the
 * metrics around the result's node at η(D), λ(S) (§5.1), and an audit entry, in one transaction.
 * @throws {NoctemError} RECALL_NOT_FOUND when no chunk has that id
 */
export function recordFeedback(noctem: Noctem, memory: Memory, id: string, signal: FeedbackSignal): FeedbackOutcome {
  const chunk = memory.index.chunk(id);
  if (chunk === undefined) throw new NoctemError('RECALL_NOT_FOUND', `No result with id "${id}"`);
  const topic = topicOf(`${chunk.title} ${chunk.heading ?? ''} ${chunk.text.slice(0, 500)}`) ?? null;
  return noctem.store.write((writer) => {
    const atMs = noctem.clock.nowMs();
    writer.put('feedback', [atMs, id], { id, signal, sourceId: chunk.sourceId, topic, atMs });
    const profile = topic === null ? undefined : updateProfileIn(writer, (p) => applyFeedback(p, { topic, signal }));
    const drives = feedbackDrives(writer, signal, atMs);
    // Only positive feedback reshapes the manifold (feedback-plasticity.ts says why), at the
    // rates the drives set after this reward: D = 0 locks plasticity, S = 0 the restoring force.
    const { etaBase, lambdaBase } = feedbackPlasticityDefaults;
    const rates = { learningRate: plasticityRate(drives.dopamine, etaBase), elasticity: restoringRate(drives.serotonin, lambdaBase) };
    const reshaped = signal === 1 ? applyFeedbackPlasticity(writer, chunk.nodeId, { nowMs: atMs, ...rates }).changed.length : 0;
    noctem.audit.appendInTransaction(writer, [{ actor: 'person', action: 'recall.feedback', details: { id, signal, topic, metricsChanged: reshaped, dopamine: drives.dopamine } }]);
    const affinity = profile?.preferences.find((p) => p.topic === topic)?.affinity ?? null;
    return { id, signal, topic, affinity };
  });
}

/**
 * Applies the answer-feedback drive event to the saved drives and saves them. V(s) and V(s')
 * are both the value the daemon last measured (mean |ψ|² / 16): feedback reshapes metrics,
 * not amplitudes, so it does not change V, and δ = r − (1 − γ)·V.
 */
function feedbackDrives(writer: StoreWriter, signal: FeedbackSignal, atMs: number): DriveState {
  const state = readAutonomyState(writer, atMs);
  const drives = applyDriveEvent(state.drives, { kind: 'answer-feedback', helpful: signal === 1, value: state.value, nextValue: state.value });
  writeAutonomyState(writer, { ...state, drives, savedAtMs: atMs });
  return drives;
}
