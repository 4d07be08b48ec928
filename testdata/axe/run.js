// Runs axe-core (loaded before this script) on the whole document and
// resolves to its violations, each with the nodes it names, as plain data.
// Part of provcheck's browser tests; not part of axe-core.
(async () => {
  const res = await axe.run(document, { resultTypes: ['violations'] });
  return res.violations.map((v) => ({
    id: v.id,
    impact: v.impact || '',
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
  }));
})()
