// Encodes the layer table of docs/architecture.md: an import may only point down a layer.
// Sideways imports between folders of one layer are allowed but may never form a cycle.
const core = '^(dist/)?src/(stix|pattern|store)/';
const domain = '^(dist/)?src/(detect|observe|access|packs)/';
const services = '^(dist/)?src/(ingest|taxii|sync|hunt|sweep|triage|bus)/';
const surface = '^(dist/)?src/(cli|server|web)/';

module.exports = {
  forbidden: [
    {
      name: 'core-imports-up',
      comment: 'core (stix, pattern, store) may import only core',
      severity: 'error',
      from: { path: core },
      to: { path: [domain, services, surface] },
    },
    {
      name: 'domain-imports-up',
      comment: 'domain may import only domain and core',
      severity: 'error',
      from: { path: domain },
      to: { path: [services, surface] },
    },
    {
      name: 'services-import-surface',
      comment: 'services may not import the surface',
      severity: 'error',
      from: { path: services },
      to: { path: surface },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
