// `node --import tsx infra/wrangler-config.ts --app api|portal --province <id>`: writes the
// province's Wrangler config (infra/lib/wrangler-config.ts, from infra/provinces.json) to a
// temporary file and prints its path, for `wrangler deploy --config <path>` (deploy.yml).
import { parseArgs } from 'node:util';
import { findProvince, provincesFile } from './lib/province.ts';
import { writeProvinceConfig, type App } from './lib/wrangler-config.ts';

const { values } = parseArgs({ options: { app: { type: 'string' }, province: { type: 'string' }, registry: { type: 'string' } }, strict: true });
if ((values.app !== 'api' && values.app !== 'portal') || !values.province) {
  console.error('usage: node --import tsx infra/wrangler-config.ts --app api|portal --province <id> [--registry infra/provinces.json]');
  process.exit(2);
}
console.log(writeProvinceConfig(values.app as App, findProvince(values.province, values.registry ?? provincesFile)));
