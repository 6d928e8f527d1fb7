// `smcert emulate --profile <head-end profile>`: the reference head-end (harness/devices/head-end/) on
// real HTTP at the profile's binding, on its SQLite database, until Ctrl-C. What it held before a stop
// it holds after a restart. Emulated, it is on its callers' clock (each request's HTTP Date), so the
// suites can run it on their virtual clock; its fault switches are the profile's target.faults and --fault.
import { ampereSettings, type HeadEndProfile, loadHeadEndProfile } from '../a-route/head-end-profile.ts';
import { HEAD_END_FAULTS } from '../devices/head-end/head-end-faults.ts';
import { startHeadEnd } from '../devices/head-end/head-end-server.ts';
import { ProfileError } from '../profile/profile-error.ts';

export async function runEmulateHeadEnd(values: {
  profile: string;
  address?: string;
  port?: string;
  db?: string;
  fault?: string[];
}): Promise<number> {
  let profile: HeadEndProfile;
  try {
    profile = loadHeadEndProfile(values.profile);
  } catch (error) {
    if (error instanceof ProfileError) {
      console.error(`smcert emulate: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const unknown = (values.fault ?? []).filter((f) => !HEAD_END_FAULTS.some((d) => d.id === f));
  if (unknown.length > 0) {
    console.error(
      `smcert emulate: --fault ${unknown.join(', ')}: not a fault switch of the reference head-end; it has ${HEAD_END_FAULTS.map((f) => f.id).join(', ')}`,
    );
    return 2;
  }
  const port = values.port === undefined ? profile.binding.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`smcert emulate: --port '${values.port}' is not a port number 0–65535`);
    return 2;
  }
  const database = values.db ?? profile.storage?.database;
  if (!database) {
    console.error(
      `smcert emulate: ${values.profile}: at /storage: the reference head-end needs a database — add "storage": {"database": "<file>"} or give --db`,
    );
    return 2;
  }
  let running: Awaited<ReturnType<typeof startHeadEnd>>;
  try {
    running = await startHeadEnd({
      database,
      address: values.address ?? profile.binding.address,
      port,
      faults: [...(profile.target.faults ?? []), ...(values.fault ?? [])],
      callerClock: profile.target.type === 'emulated',
      ampere: ampereSettings(profile.parameters.ampere),
    });
  } catch (error) {
    console.error(`smcert emulate: ${(error as Error).message}`);
    return 1;
  }
  console.log(
    `emulating the head-end of ${values.profile} (${profile.identity.name}) at ${running.url}, database ${database}, faults: ${[...(profile.target.faults ?? []), ...(values.fault ?? [])].join(', ') || 'none'}; Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await running.close();
  return 0;
}
