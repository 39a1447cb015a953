/**
 * Which sandbox tier runs a skill (pure). The manifest's `tier` is the weakest isolation the
 * skill accepts; any stronger tier also runs it (a QuickJS skill is a plain ES module that
 * Node runs too). By default the strongest available tier at or above it runs the skill, as
 * issue 7 asks; `--tier` may pick another allowed one (QuickJS starts in milliseconds where
 * gVisor takes a few hundred).
 */
import { NoctemError } from '../core/index.ts';
import { skillTiers, type SkillTier } from './skill-manifest.ts';

/** Options for {@link chooseSkillTier}. */
export interface ChooseTierOptions {
  /** The tiers that work on this machine. */
  readonly available: ReadonlySet<SkillTier>;
  /** A tier the person asked for. @default the strongest allowed and available */
  readonly requested?: SkillTier | undefined;
}

/**
 * Picks the tier for a skill that requires at least `required`.
 * @throws {NoctemError} SANDBOX_UNAVAILABLE when no allowed tier is available, or the
 *   requested one is weaker than required or not available
 */
export function chooseSkillTier(required: SkillTier, options: ChooseTierOptions): SkillTier {
  const allowed = skillTiers.slice(skillTiers.indexOf(required));
  const { available, requested } = options;
  if (requested !== undefined) {
    if (!allowed.includes(requested)) {
      throw new NoctemError('SANDBOX_UNAVAILABLE', `The skill requires the ${required} tier or stronger; ${requested} is weaker`, { details: { required, requested } });
    }
    if (!available.has(requested)) {
      throw new NoctemError('SANDBOX_UNAVAILABLE', `The ${requested} sandbox tier does not work on this machine`, { details: { required, requested, available: [...available] } });
    }
    return requested;
  }
  const strongest = [...allowed].reverse().find((tier) => available.has(tier));
  if (strongest === undefined) {
    throw new NoctemError('SANDBOX_UNAVAILABLE', `The skill requires the ${required} sandbox tier (or stronger), which does not work on this machine`, { details: { required, available: [...available] } });
  }
  return strongest;
}
