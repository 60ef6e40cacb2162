/**
 * Where the bot's Matrix session comes from: MATRIX_ACCESS_TOKEN, or MATRIX_PASSWORD with the
 * configured user, logged in once per start. A password login reuses the device id it got the
 * first time (kept in the database, not the token), so the bot stays one device (its crypto
 * identity) across restarts. Config errors say which key or variable is missing.
 */
import { refusal, said } from '../../src/i18n/refusal';
import type { MatrixSettings } from '../../src/config/sections/matrix';

export interface MatrixSession {
  homeserverUrl: string;
  accessToken: string;
}

export interface DeviceIdStore {
  readValue(key: string): Promise<string | null | undefined> | string | null | undefined;
  storeValue(key: string, value: string): Promise<unknown> | void;
}

export function homeserverUrlOf(settings: MatrixSettings, env: NodeJS.ProcessEnv): string {
  const url = env.MATRIX_HOMESERVER_URL || settings.homeserverUrl;
  if (!url) {
    throw refusal('CONFIG', said('setup.matrix.noHomeserver'), said('setup.matrix.noHomeserverFix'));
  }
  return url.replace(/(?<!\/)\/+$/u, '');
}

/** Checks the settings without contacting the server (the factory calls it, so startup fails fast). */
export function checkCredentials(settings: MatrixSettings, env: NodeJS.ProcessEnv): void {
  homeserverUrlOf(settings, env);
  if (env.MATRIX_ACCESS_TOKEN) return;
  if (!env.MATRIX_PASSWORD || !(env.MATRIX_USER || settings.user)) {
    throw refusal('CONFIG', said('setup.matrix.noCredentials'), said('setup.matrix.noCredentialsFix'));
  }
}

export async function openSession(
  settings: MatrixSettings,
  env: NodeJS.ProcessEnv,
  devices: DeviceIdStore,
): Promise<MatrixSession> {
  checkCredentials(settings, env);
  const homeserverUrl = homeserverUrlOf(settings, env);
  if (env.MATRIX_ACCESS_TOKEN) return { homeserverUrl, accessToken: env.MATRIX_ACCESS_TOKEN };
  const user = (env.MATRIX_USER || settings.user)!;
  const deviceKey = `login-device.${user}`;
  const deviceId = (await devices.readValue(deviceKey)) ?? undefined;
  const res = await fetch(`${homeserverUrl}/_matrix/client/v3/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user },
      password: env.MATRIX_PASSWORD,
      ...(deviceId ? { device_id: deviceId } : {}),
      initial_device_display_name: 'opsdesk',
    }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    device_id?: string;
    errcode?: string;
    error?: string;
  };
  if (!res.ok || !body.access_token) {
    const error = `${body.errcode ?? res.status} ${body.error ?? ''}`.trim();
    throw refusal('CONFIG', said('setup.matrix.loginFailed', { user, error }), said('setup.matrix.loginFailedFix'));
  }
  if (body.device_id && body.device_id !== deviceId) await devices.storeValue(deviceKey, body.device_id);
  return { homeserverUrl, accessToken: body.access_token };
}
