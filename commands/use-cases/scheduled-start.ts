import { OpsdeskError } from '../../src/core/errors';
import { msg } from '../../src/i18n/catalog';
import { refusal, said, sayIn } from '../../src/i18n/refusal';
import { deploymentLabel } from '../../src/deploy/deployment.model';
import { scheduledRefusedNote, scheduledStartedNote } from '../../src/deploy/render-scheduled';
import type { ScheduledStartDoc } from '../../src/deploy/scheduled-start.model';
import { hasRole } from '../../src/people/person';
import { DEPLOYERS } from '../../src/people/role';
import type { Services } from '../services';
import { prepareDeploy, startPrepared } from './deploy-start';

export type FireOutcome = 'started' | 'refused' | 'gone';

/**
 * A scheduled start comes due (the `deploy-at` job): taken once (a cancelled or already fired start does nothing),
 * every precondition is checked again through the change policy as `/deploy` checks it now (approval, window, freezes,
 * targets, start condition, pilot) and that the person who scheduled it may still deploy; then it starts, or it is
 * refused with the reason in the channel it was scheduled from. Nothing runs on a refusal.
 */
export async function fireScheduledStart(services: Services, startId: string): Promise<FireOutcome> {
  const s = await services.deployments.starts.take(startId);
  if (!s) return 'gone';
  const tz = services.config.organisation.timezone;
  // Said in the channel it was scheduled from: the organisation's language.
  const lang = services.config.organisation.language;
  try {
    const person = services.people.get(s.byId);
    if (!person || !hasRole(person, ...DEPLOYERS))
      throw refusal(
        'FORBIDDEN',
        said('at.mayNot', { name: s.byName, roles: DEPLOYERS.join(', ') }),
        said('at.mayNotFix', { key: s.rfcKey }),
      );
    const req = { key: s.rfcKey, ...s.request };
    const prepared = await prepareDeploy(services, req);
    await tell(services, s, scheduledStartedNote(s, tz, lang));
    const d = await startPrepared(services, prepared, req, person, s.conversation);
    await services.deployments.starts.end(s._id, 'started', deploymentLabel(d));
    return 'started';
  } catch (err) {
    const known = err instanceof OpsdeskError;
    if (!known) services.log.error({ err: (err as Error).message, rfc: s.rfcKey }, 'scheduled start failed');
    // The record keeps the English reason; the channel reads it in the organisation's language.
    const reason = known ? err.message : msg('en', 'at.failed');
    await services.deployments.starts.end(s._id, 'refused', reason);
    const text =
      known && err.localized?.message ? sayIn(lang, err.localized.message) : known ? reason : msg(lang, 'at.failed');
    const fix = known ? (err.localized?.fix ? sayIn(lang, err.localized.fix) : err.fix) : undefined;
    await tell(services, s, scheduledRefusedNote(s, tz, text, fix, lang));
    return 'refused';
  }
}

async function tell(services: Services, s: ScheduledStartDoc, text: string): Promise<void> {
  await services.outbound
    .post(s.conversation, text)
    .catch((err: Error) => services.log.warn({ err: err.message, rfc: s.rfcKey }, 'scheduled start note failed'));
}
