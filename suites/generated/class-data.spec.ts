// Cases generated from the class data (harness/classes/data/*.json): for every property of every device
// class, a case per rule its entry implies (harness/conformance/class-data-cases.ts), GEN-<class>-<EPC>-<rule>-001.
// A class or release added as JSON data adds its cases here with no change to this file.
import { loadClassRegistry } from '../../harness/classes/load-classes.ts';
import { FEW_REQUESTS_MS } from '../../harness/conformance/case-meta.ts';
import { generatedCaseBody } from '../../harness/conformance/class-data-case-body.ts';
import { casesFor, generatedCases } from '../../harness/conformance/class-data-cases.ts';
import { conformance } from '../../harness/conformance/conformance.ts';
import { runProfile } from '../../harness/profile/run-profile.ts';

// a run lists the cases of the classes its profile declares; the whole suite (no run profile) lists all
const cases = casesFor(generatedCases(loadClassRegistry()), listingProfile());

function listingProfile() {
  try {
    return runProfile();
  } catch {
    return undefined; // a broken profile is reported by the fixtures, with its file and fields
  }
}

for (const c of cases) {
  conformance(
    {
      id: c.id,
      title: c.title,
      specRef: c.specRef,
      severity: c.severity,
      applies: c.applies,
      catches: c.catches,
      ...(c.noFaultBecause ? { noFaultBecause: c.noFaultBecause } : {}),
      realTimeMs: FEW_REQUESTS_MS,
    },
    generatedCaseBody(c),
  );
}
