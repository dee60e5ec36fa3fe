#!/usr/bin/env node
// The analyse benchmark's DuckDB peer: gapfinder's --intersections analysis, in SQL.
//
// Usage: node bench/peers/duckdb_analysis.mjs DATA.csv SURVEY.json OUT.csv
//        node bench/peers/duckdb_analysis.mjs --groups-only DATA.csv SURVEY.json OUT.csv   (no pairs)
//        node bench/peers/duckdb_analysis.mjs --groups-only --means DATA.csv SURVEY.json OUT.csv
//          (the means job: also each group's and the rest's mean score, Welch's t and df,
//          as pandas_analysis.py --means writes them: counts per scale point per group,
//          then the moments in the order of operations of gapfinder's stats/means.cpp)
//        node bench/peers/duckdb_analysis.mjs --version
//
// Writes the same CSV as pandas_analysis.py (see there for the columns): for every
// question, every grouping and every pair of groupings, one row per disclosed group or
// cell with at least one respondent, with the Wilson 95% interval and the comparison with
// the rest. The SQL is generated from the survey definition and is one statement:
//   read_csv -> one GROUP BY GROUPING SETS pass (12 single groupings + 66 pairs) counting
//   valid and positive answers per question on the raw codes -> drop undisclosed groups
//   and map codes to category ids -> UNPIVOT to one row per question -> rest totals with
//   a window over each grouping set -> statistics -> COPY to CSV, ordered like
//   pandas_analysis.py's (groups, then intersections; by question, grouping set and
//   category order), so that the two peers' files can be compared byte for byte.
// count_if is sum-like since DuckDB 1.3: it gives NULL, not 0, for a group in which the
// question is blank for everyone (a cell of one or two respondents), so those counts are
// read as 0 after the aggregation (UNPIVOT INCLUDE NULLS, coalesce), which costs nothing
// per row; count(*) FILTER (WHERE ...) gives 0 but made the aggregation about 9x slower.
// Run with --print-sql to see it. DuckDB uses every core (its default thread count).
import { readFileSync } from 'node:fs';
import duckdb, { DuckDBInstance } from '@duckdb/node-api';

// The two-sided 95% normal quantile, as gapfinder's wilson_interval. A DOUBLE: a bare
// 1.959963984540054 is a DECIMAL literal in DuckDB, and Z95 * Z95 would then be exact
// decimal arithmetic, not the double product the other implementations use.
const Z95 = '1.959963984540054::DOUBLE';
const UNDISCLOSED = 'undisclosed';

const str = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;

// SQL for the moments of one side ('c' the group's point counts, 'r' the rest's) of one
// question, in gapfinder's order: n and the sum over the points in scale order, the mean,
// then the two-pass variance. SQL's + and * associate to the left, as C++'s do.
function momentsSql(q, side) {
  const c = (i) => `${side}_${i}_${q.id}`;
  const n = q.scores.map((_, i) => c(i)).join(' + ');
  const sum = q.scores.map((s, i) => `${c(i)} * ${s}::DOUBLE`).join(' + ');
  return { n: `(${n})::DOUBLE`, sum: `(${sum})` };
}

function buildSql(dataPath, definition, outPath, groupsOnly, withMeans) {
  const questions = definition.questions.map((q) => {
    const scale = definition.scales[q.scale];
    const nonSubstantive = new Set(scale.non_substantive ?? []);
    const points = scale.points.filter((p) => !nonSubstantive.has(p.code));
    const valid = points.map((p) => p.code);
    const scores = points.map((p) => Number(p.score ?? p.code));
    const positive = scale.positive.filter((c) => valid.includes(c));
    return { id: q.id, column: q.column ?? q.id, valid, positive, scores };
  });
  const groupings = [...(definition.characteristics ?? []), ...(definition.dimensions ?? [])].map((g) => {
    const id = g.characteristic ?? g.id;
    // Codes that are all whole numbers (as here) are read and grouped as SMALLINT, which
    // is about 12% faster than grouping the same codes as text; others stay VARCHAR.
    const numeric = Object.keys(g.map).every((code) => /^[0-9]{1,4}$/.test(code));
    const literal = numeric ? (code) => String(Number(code)) : str;
    const map = Object.entries(g.map)
      .filter(([, category]) => category !== UNDISCLOSED)
      .map(([code, category]) => [literal(code), category]);
    // Grouping is on the codes, so two codes for one category would make two groups.
    if (new Set(map.map(([, category]) => category)).size !== map.length) {
      throw new Error(`${id}: the map gives one category to two codes, which this peer does not support`);
    }
    return { id, column: g.column ?? id, type: numeric ? 'SMALLINT' : 'VARCHAR', map };
  });
  const k = groupings.length;
  // The grouping sets, in gapfinder's order: singles, then pairs (a before b).
  const sets = groupings.map((_, i) => [i]);
  if (!groupsOnly) for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) sets.push([i, j]);
  // grouping_id(c0, ..., c{k-1}) has bit (k-1-i) set when column i is rolled up.
  const gidOf = (set) => groupings.reduce((acc, _, i) => (set.includes(i) ? acc : acc | (1 << (k - 1 - i))), 0);

  const gcols = groupings.map((g) => ident(g.column)).join(', ');
  const types = [
    ...questions.map((q) => `${str(q.column)}: 'SMALLINT'`),
    ...groupings.map((g) => `${str(g.column)}: '${g.type}'`),
  ].join(', ');
  const counts = questions
    .map((q) => `count_if(${ident(q.column)} IN (${q.valid.join(', ')})) AS ${ident('n_' + q.id)}, ` +
                `count_if(${ident(q.column)} IN (${q.positive.join(', ')})) AS ${ident('x_' + q.id)}`)
    .join(',\n      ');
  const pointCounts = !withMeans ? '' : ',\n      ' + questions
    .map((q) => q.valid.map((code, i) => `count_if(${ident(q.column)} = ${code}) AS ${ident(`c_${i}_${q.id}`)}`).join(', '))
    .join(',\n      ');
  const groupingSets = sets.map((s) => `(${s.map((i) => ident(groupings[i].column)).join(', ')})`).join(', ');
  // Keep a row only if every grouped column holds a disclosed code.
  const disclosed = groupings
    .map((g, i) => `((gid & ${1 << (k - 1 - i)}) <> 0 OR ${ident(g.column)} IN (${g.map.map(([code]) => code).join(', ')}))`)
    .join('\n        AND ');
  const categoryIds = groupings
    .map((g) => `CASE ${ident(g.column)} ${g.map.map(([code, cat]) => `WHEN ${code} THEN ${str(cat)}`).join(' ')} END`)
    .join(',\n        ');
  const categoryOrder = groupings
    .map((g) => `CASE ${ident(g.column)} ${g.map.map(([code], i) => `WHEN ${code} THEN ${i}`).join(' ')} END`)
    .join(',\n        ');
  const setRows = sets
    .map((s, order) => `(${gidOf(s)}, ${order}, ${str(s.length === 1 ? 'group' : 'intersection')}, ` +
                       `${str(s.map((i) => groupings[i].id).join(' x '))})`)
    .join(',\n      ');
  const unpivot = questions
    .map((q) => withMeans
      ? `(${['n_', 'x_', 'mean_', 'rest_mean_', 't_', 'df_'].map((f) => ident(f + q.id)).join(', ')}) AS ${str(q.id)}`
      : `(${ident('n_' + q.id)}, ${ident('x_' + q.id)}) AS ${str(q.id)}`)
    .join(', ');
  // The means job's stages: point counts with NULL read as 0 and the rest's counts (a
  // window over each grouping set), the moments of both sides, then Welch's test.
  const pointColumns = questions.flatMap((q) => q.valid.map((_, i) => `${'c'}_${i}_${q.id}`));
  const momentColumns = questions.flatMap((q) => [`mean_${q.id}`, `var_${q.id}`, `rest_mean_${q.id}`, `var_r_${q.id}`,
                                                   `na_${q.id}`, `nb_${q.id}`]);
  const meansStages = `point_counts AS (
    SELECT * EXCLUDE (${pointColumns.map(ident).join(', ')}),
      ${pointColumns.map((c) => `coalesce(${ident(c)}, 0) AS ${ident(c)}`).join(',\n      ')}
    FROM cells
  ),
  rest_counts AS (
    SELECT *,
      ${pointColumns.map((c) => `sum(${ident(c)}) OVER w - ${ident(c)} AS ${ident('r' + c.slice(1))}`).join(',\n      ')}
    FROM point_counts
    WINDOW w AS (PARTITION BY gid)
  ),
  moment_sums AS (
    SELECT *,
      ${questions.map((q) => {
        const a = momentsSql(q, 'c'), b = momentsSql(q, 'r');
        return `${a.n} AS ${ident('na_' + q.id)}, ${a.sum} / NULLIF(${a.n}, 0) AS ${ident('mean_' + q.id)}, ` +
               `${b.n} AS ${ident('nb_' + q.id)}, ${b.sum} / NULLIF(${b.n}, 0) AS ${ident('rest_mean_' + q.id)}`;
      }).join(',\n      ')}
    FROM rest_counts
  ),
  variances AS (
    SELECT *,
      ${questions.map((q) => ['c', 'r'].map((side) => {
        const [n, mean] = side === 'c' ? [`na_${q.id}`, `mean_${q.id}`] : [`nb_${q.id}`, `rest_mean_${q.id}`];
        const squares = q.scores.map((sc, i) => `${side}_${i}_${q.id} * (${sc}::DOUBLE - ${ident(mean)}) * (${sc}::DOUBLE - ${ident(mean)})`).join(' + ');
        return `CASE WHEN ${ident(n)} > 1 THEN (${squares}) / (${ident(n)} - 1) END AS ${ident((side === 'c' ? 'var_' : 'var_r_') + q.id)}`;
      }).join(', ')).join(',\n      ')}
    FROM moment_sums
  ),
  welch_parts AS (
    SELECT *,
      ${questions.map((q) => `${ident('var_' + q.id)} / ${ident('na_' + q.id)} AS ${ident('va_' + q.id)}, ` +
                             `${ident('var_r_' + q.id)} / ${ident('nb_' + q.id)} AS ${ident('vb_' + q.id)}`).join(',\n      ')}
    FROM variances
  ),
  welch AS (
    SELECT * EXCLUDE (${[...momentColumns.filter((c) => !c.startsWith('mean_') && !c.startsWith('rest_mean_')),
                         ...questions.flatMap((q) => [`va_${q.id}`, `vb_${q.id}`])].map(ident).join(', ')}),
      ${questions.map((q) => {
        const va = ident('va_' + q.id), vb = ident('vb_' + q.id), se2 = `(${va} + ${vb})`;
        const ok = `${ident('na_' + q.id)} >= 2 AND ${ident('nb_' + q.id)} >= 2 AND ${se2} > 0`;
        return `CASE WHEN ${ok} THEN (${ident('mean_' + q.id)} - ${ident('rest_mean_' + q.id)}) / sqrt(${se2}) END AS ${ident('t_' + q.id)}, ` +
               `CASE WHEN ${ok} THEN ${se2} * ${se2} / (${va} * ${va} / (${ident('na_' + q.id)} - 1) + ${vb} * ${vb} / (${ident('nb_' + q.id)} - 1)) END AS ${ident('df_' + q.id)}`;
      }).join(',\n      ')}
    FROM welch_parts
  ),`;
  const questionOrder = questions.map((q, i) => `(${str(q.id)}, ${i})`).join(', ');

  return `COPY (
  WITH answers AS (
    FROM read_csv(${str(dataPath)}, header = true, delim = ',', quote = '"', types = {${types}})
  ),
  sums AS (
    SELECT grouping_id(${gcols}) AS gid, ${gcols},
      ${counts}${pointCounts}
    FROM answers
    GROUP BY GROUPING SETS (${groupingSets})
  ),
  cells AS (
    SELECT * EXCLUDE (${gcols}),
      concat_ws(' x ',
        ${categoryIds}) AS "group",
      [${categoryOrder}] AS cell_order
    FROM sums
    WHERE ${disclosed}
  ),
  ${withMeans ? meansStages : ''}
  long AS (
    FROM ${withMeans ? 'welch' : 'cells'} UNPIVOT INCLUDE NULLS (${withMeans ? '(n, x, mean, rest_mean, t, df)' : '(n, x)'} FOR question IN (${unpivot}))
  ),
  totals AS (
    SELECT gid, "group", cell_order, question, coalesce(n, 0)::DOUBLE AS n, coalesce(x, 0)::DOUBLE AS x,${withMeans ? ' mean, rest_mean, t, df,' : ''}
      (sum(n) OVER w - coalesce(n, 0))::DOUBLE AS rest_n, (sum(x) OVER w - coalesce(x, 0))::DOUBLE AS rest_x
    FROM long
    WINDOW w AS (PARTITION BY gid, question)
  ),
  rates AS (
    SELECT *, ${Z95} AS z95, NULLIF(n, 0) AS base, x / NULLIF(n, 0) AS rate, rest_x / NULLIF(rest_n, 0) AS rest_rate,
      1 + (z95 * z95) / NULLIF(n, 0) AS denominator,
      (x + rest_x) / (n + rest_n) AS pooled
    FROM totals
  ),
  stats AS (
    SELECT *,
      (rate + (z95 * z95) / (2 * base)) / denominator AS centre,
      z95 * sqrt(rate * (1 - rate) / base + (z95 * z95) / (4 * base * base)) / denominator AS half,
      sqrt(pooled * (1 - pooled) * (1 / base + 1 / NULLIF(rest_n, 0))) AS se
    FROM rates
  ),
  sets(gid, set_order, kind, characteristic) AS (VALUES
      ${setRows}
  ),
  question_order(question, question_order) AS (VALUES ${questionOrder})
  SELECT kind, question, characteristic, "group",
    n::BIGINT AS n, x::BIGINT AS positives, rate,
    -- greatest and least skip NULLs, so a base of 0 needs its own case
    CASE WHEN base IS NULL THEN NULL WHEN rate <= 0 THEN 0 ELSE greatest(0, centre - half) END AS ci_low,
    CASE WHEN base IS NULL THEN NULL WHEN rate >= 1 THEN 1 ELSE least(1, centre + half) END AS ci_high,
    rest_n::BIGINT AS rest_n, rest_x::BIGINT AS rest_positives, rest_rate,
    100 * (rate - rest_rate) AS gap_pp,
    (x / base - rest_x / NULLIF(rest_n, 0)) / NULLIF(se, 0) AS z${withMeans ? ',\n    mean, rest_mean, t, df' : ''}
  FROM stats JOIN sets USING (gid) JOIN question_order USING (question)
  ORDER BY kind = 'intersection', question_order, set_order, cell_order
) TO ${str(outPath)} (FORMAT csv, HEADER)`;
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--version') {
    console.log(`DuckDB ${duckdb.version()}, @duckdb/node-api, node ${process.version}`);
    return;
  }
  const printSql = args[0] === '--print-sql';
  if (printSql) args.shift();
  // --groups-only: the plain job, every group of every grouping and no pairs.
  const groupsOnly = args[0] === '--groups-only';
  if (groupsOnly) args.shift();
  const withMeans = args[0] === '--means';
  if (withMeans) args.shift();
  if (args.length !== 3 || (withMeans && !groupsOnly)) {
    console.error('usage: node bench/peers/duckdb_analysis.mjs [--print-sql] [--groups-only [--means]] DATA.csv SURVEY.json OUT.csv');
    process.exit(2);
  }
  const [dataPath, definitionPath, outPath] = args;
  const definition = JSON.parse(readFileSync(definitionPath, 'utf8'));
  const sql = buildSql(dataPath, definition, outPath, groupsOnly, withMeans);
  if (printSql) {
    console.log(sql);
    return;
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(sql);
  const written = reader.getRows()[0]?.[0];
  connection.closeSync();
  instance.closeSync();
  console.log(`wrote ${Number(written).toLocaleString('en-GB')} rows to ${outPath}`);
}

main().catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(1);
});
