/**
 * Which sandbox tier runs a skill (pure). The manifest's `tier` is the weakest isolation the
 * skill accepts; any stronger tier also runs it (a QuickJS skill is a plain ES module that
 * Node runs too). By default the strongest available tier at or above it runs the skill, as
 * issue 7 asks; `--tier` may pick another allowed one (QuickJS starts in milliseconds where
 * gVisor takes a few hundred).
 */
import { NoctemError, assert } from '../core/index.ts';
import { skillTiers, type SkillTier } from './skill-manifest.ts';

/** Options for {@link chooseSkillTier}. */
export interface ChooseTierOptions {
  /** The tiers that work on this machine. */
  readonly available: ReadonlySet<SkillTier>;
  /** A tier the person asked for. @default the strongest allowed and available */
  readonly requested?: SkillTier | undefined;
}

/**
 * The tiers that may run a skill requiring at least `required`, in the order to try them: the
 * requested tier alone, else every allowed and available tier, strongest first (the runner
 * falls back to the next when a sandbox cannot start).
 * @throws {NoctemError} SANDBOX_UNAVAILABLE when no allowed tier is available, or the
 *   requested one is weaker than required or not available
 */
export function candidateTiers(required: SkillTier, options: ChooseTierOptions): SkillTier[] {
  const allowed = skillTiers.slice(skillTiers.indexOf(required));
  const { available, requested } = options;
  if (requested !== undefined) {
    if (!allowed.includes(requested)) {
      throw new NoctemError('SANDBOX_UNAVAILABLE', `The skill requires the ${required} tier or stronger; ${requested} is weaker`, { details: { required, requested } });
    }
    if (!available.has(requested)) {
      throw new NoctemError('SANDBOX_UNAVAILABLE', `The ${requested} sandbox tier does not work on this machine`, { details: { required, requested, available: [...available] } });
    }
    return [requested];
  }
  const usable = [...allowed].reverse().filter((tier) => available.has(tier));
  if (usable.length === 0) {
    throw new NoctemError('SANDBOX_UNAVAILABLE', `The skill requires the ${required} sandbox tier (or stronger), which does not work on this machine`, { details: { required, available: [...available] } });
  }
  return usable;
}

/**
 * Picks the tier for a skill that requires at least `required`: the first of {@link candidateTiers}.
 * @throws {NoctemError} SANDBOX_UNAVAILABLE as {@link candidateTiers}
 */
export function chooseSkillTier(required: SkillTier, options: ChooseTierOptions): SkillTier {
  const [first] = candidateTiers(required, options);
  assert(first !== undefined, 'candidateTiers returns at least one tier');
  return first;
}
