// A wave's findings: the settings form (its values live in the page address, so a view
// can be bookmarked and shared), then the findings JSON and the charts for the same
// query, side by side. Everything shown comes from those two API answers, which hold
// suppression-checked aggregates only.
import { api, count, el, percent, points, queryParameters, showErrors, signedIn, startGovUk, table } from '/static/js/common.js'

const query = queryParameters()
const list = value => [].concat(value ?? []).filter(Boolean)

// The API's query for this page's settings (the CLI's option names, in _ form).
function apiQuery () {
  const q = new URLSearchParams()
  const by = list(query.by)
  if (by.length) q.set('by', by.join(','))
  for (const f of list(query.filter)) q.append('filter', f)
  if (query.weighted === '1') q.set('weighted', '1')
  if (query.intersections === '1') q.set('intersections', '1')
  if (query.previous_wave) q.set('previous_wave', query.previous_wave)
  return q
}

function section (id, title, ...children) {
  return el('section', { id, 'aria-labelledby': `${id}-heading`, class: 'govuk-!-margin-bottom-9' },
    el('h2', { class: 'govuk-heading-l', id: `${id}-heading` }, title), ...children)
}


// A file name from a chart's title: "Gaps by Age on each question" -> "gaps-by-age-on-each-question".
const fileName = title => title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'chart'

function save (blob, name) {
  const link = el('a', { href: URL.createObjectURL(blob), download: name })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 60000)
}

// The chart as a PNG at twice its drawn size, for slides and documents: the SVG is
// self-contained (its colours and fonts are attributes), so the browser draws it onto a
// canvas as an image (the page's Content-Security-Policy allows blob: images for this).
async function png (svg) {
  const width = Number(svg.getAttribute('width')); const height = Number(svg.getAttribute('height'))
  const url = URL.createObjectURL(new Blob([svg.outerHTML], { type: 'image/svg+xml' }))
  try {
    const image = new Image()
    image.src = url
    await image.decode()
    const canvas = el('canvas', { width: 2 * width, height: 2 * height })
    const context = canvas.getContext('2d')
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise(resolve => canvas.toBlob(resolve, 'image/png'))
  } finally {
    URL.revokeObjectURL(url)
  }
}

// A chart drawn by the server (exports/charts, the report's code): SVG with its own
// title and description, and the same figures as a table for screen readers. On a
// narrow screen the chart keeps at least 80% of its drawn size, so its 13 px text stays
// over 10 px, and scrolls inside its own region rather than shrinking.
function figure (chart, headingLevel = 'h3') {
  const holder = el('div', { class: 'gf-figure', role: 'region', tabindex: '0', 'aria-label': `${chart.title} (scrolls sideways on a small screen)` })
  holder.innerHTML = chart.svg
  const svg = holder.querySelector('svg')
  const drawnWidth = Number(svg?.getAttribute('width'))
  if (drawnWidth) svg.style.minWidth = `${Math.round(0.8 * drawnWidth)}px`
  const details = el('details', { class: 'govuk-details' },
    el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, 'The figures as a table')),
    el('div', { class: 'govuk-details__text gf-scroll', role: 'region', tabindex: '0', 'aria-label': chart.title }))
  details.lastChild.innerHTML = chart.table
  for (const t of details.querySelectorAll('table')) t.classList.add('govuk-table')
  const name = fileName(chart.title)
  const button = (label, make, extension) => {
    const b = el('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-2' },
      label, el('span', { class: 'govuk-visually-hidden' }, `: ${chart.title}`))
    b.addEventListener('click', async () => save(await make(), `${name}.${extension}`))
    return b
  }
  const downloads = el('div', { class: 'govuk-button-group gf-chart-downloads' },
    button('Download as PNG', () => png(svg), 'png'),
    button('Download as SVG', () => new Blob([svg.outerHTML], { type: 'image/svg+xml' }), 'svg'))
  return el('div', {}, el(headingLevel, { class: 'govuk-heading-s' }, chart.title), holder, downloads, details)
}

// "Disabled under the Equality Act: 62.0% positive, compared with 75.8% of everyone
// else who disclosed: 13.8 points lower (350 people answered)." No p-value: the main text says "confirmed".
function gapInWords (r, questionText, comparison, characteristicLabel) {
  const direction = r.gap_pp < 0 ? 'lower' : 'higher'
  return el('li', {},
    el('strong', {}, `${r.group_label}`), ` (${characteristicLabel}), on “${questionText}”: `,
    `${percent(r.rate)} answered positively, compared with ${percent(r.rest_rate)} of ${comparison}: `,
    el('strong', {}, `${points(r.gap_pp)} ${direction}`),
    ` (${count(r.n)} people answered).`,
    // An intersection is flagged only beyond what its two groups predict: say what they do.
    r.expected_rate === undefined || r.expected_rate === null
      ? null
      : ` Their two groups alone would predict ${percent(r.expected_rate)}.`)
}

function settingsForm (survey, findings) {
  document.getElementById('survey').value = survey.id
  document.getElementById('wave').value = findings.wave
  const chosen = list(query.by)
  const characteristics = survey.groupings.filter(g => g.kind === 'characteristic')
  document.getElementById('by').replaceChildren(...characteristics.map(g => el('div', { class: 'govuk-checkboxes__item' },
    el('input', { class: 'govuk-checkboxes__input', id: `by-${g.id}`, name: 'by', type: 'checkbox', value: g.id, checked: chosen.includes(g.id) }),
    el('label', { class: 'govuk-label govuk-checkboxes__label', for: `by-${g.id}` }, g.label))))
  const filter = list(query.filter)[0] || ''
  document.getElementById('filter').replaceChildren(el('option', { value: '' }, 'Everyone'),
    ...survey.groupings.filter(g => survey.disclosure.filter_by.includes(g.id)).map(g => el('optgroup', { label: g.label },
      g.categories.map(c => el('option', { value: `${g.id}=${c.id}`, selected: filter === `${g.id}=${c.id}` }, `${g.label}: ${c.label}`)))))
  document.getElementById(query.weighted === '1' ? 'weighted-yes' : 'weighted-no').checked = true
  if (!survey.weighting_available) {
    document.getElementById('weighted-yes').disabled = true
    document.getElementById('weighted-hint').textContent = 'This survey’s definition names no population profile, so it cannot be weighted'
  }
  document.getElementById('intersections').checked = query.intersections === '1'
  const earlier = survey.waves.map(w => w.wave).filter(w => w < findings.wave).sort().reverse()
  // The trend is on by default, against the previous stored wave: the one it chose is
  // selected unless the address names another, or none.
  const compared = query.previous_wave || (findings.trend.length ? findings.trend[0].from_wave : 'none')
  document.getElementById('previous-wave').replaceChildren(el('option', { value: 'none', selected: compared === 'none' }, 'No earlier wave'),
    ...earlier.map(w => el('option', { value: w, selected: compared === w }, `Wave ${w}`)))
}

function describeSettings (findings, labelOf) {
  const s = findings.settings
  const parts = [
    `${count(findings.respondents_analysed)} of ${count(findings.respondents)} respondents analysed`,
    s.weighted ? 'weighted to the population' : 'unweighted',
    `gaps of at least ${s.gap_pp} points flagged when significant at ${s.alpha} after the ${s.correction.toUpperCase()} correction`,
    `groups of under ${s.suppress_below} people hidden`
  ]
  if (s.filters.length) parts.push('only ' + s.filters.map(f => `${labelOf(f.grouping)}: ${f.categories.join(', ')}`).join('; '))
  return el('div', { class: 'govuk-inset-text' }, parts.join('; ') + '.')
}

function representativeness (findings, labelOf) {
  if (!findings.representativeness.length) {
    return [el('p', { class: 'govuk-body' }, findings.settings.filters.length
      ? 'Not shown for a filtered analysis: the population profile covers everyone.'
      : 'The survey names no population profile to compare the respondents with.')]
  }
  return findings.representativeness.map(r => table(
    `${labelOf(r.characteristic)}: respondents against the population (${r.source})`,
    ['Group', 'Respondents', 'Share of respondents', 'Share of population', 'Under-represented'],
    r.groups.map(g => [g.group_label, g.suppressed ? 'hidden' : count(g.respondents), g.suppressed ? 'hidden' : percent(g.respondent_share),
      percent(g.population_share), g.under_represented === null ? 'not assessed' : g.under_represented ? 'Yes' : 'No']),
    [1, 2, 3]))
}

function trend (findings, questionText, labelOf) {
  if (!findings.trend.length) {
    return [el('p', { class: 'govuk-body' }, query.previous_wave === 'none'
      ? 'The trend is off. Choose an earlier wave under “Change what is shown” to see how each gap has changed.'
      : 'No earlier wave of this survey is stored, so there is no trend yet.')]
  }
  // Every gap confirmed in either wave, and every change confirmed, said in words.
  const shown = findings.trend.filter(t => !t.suppressed && (t.from_flagged || t.to_flagged || t.status !== 'no significant change'))
  const from = findings.trend[0].from_wave
  const gapText = pp => points(pp) + (pp < 0 ? ' lower' : ' higher')
  return [
    el('p', { class: 'govuk-body' }, `How each group’s gap from everyone else who disclosed has changed since wave ${from}. ` +
      `Listed: every gap confirmed in wave ${from} or now, and every change that is larger than chance would give. ` +
      'A change that is not confirmed could be chance, however large it looks.'),
    shown.length
      ? table(`Gaps since wave ${from}`, ['Group', 'Characteristic', 'Question', `Gap in ${from}`, 'Gap now', 'What changed'],
        shown.map(t => [t.group_label, labelOf(t.characteristic), questionText(t.question),
          gapText(t.from_gap_pp) + (t.from_flagged ? ' (confirmed)' : ''), gapText(t.to_gap_pp) + (t.to_flagged ? ' (confirmed)' : ''),
          t.in_words]), [3, 4])
      : el('p', { class: 'govuk-body' }, `No gap was confirmed in wave ${from} or now, and no change was larger than chance would give.`)
  ]
}

// The terms the page uses, in plain words (the report's "How to read this report").
function howToRead (findings) {
  const s = findings.settings
  const term = (name, text) => el('li', {}, el('strong', {}, name), `: ${text}`)
  return el('details', { class: 'govuk-details' },
    el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, 'How to read this page')),
    el('div', { class: 'govuk-details__text' }, el('ul', { class: 'govuk-list govuk-list--bullet' },
      term('Percentage', 'of the people in a group who answered a question, the share who gave a positive answer (for example “very” or “fairly satisfied”); “don’t know” is not counted'),
      term('Gap', 'a group’s percentage minus that of the people it is compared with, in percentage points'),
      term('Confirmed', 'a gap large enough to matter and larger than chance would give, allowing for every comparison made; a gap that is not confirmed may still be real, but this survey cannot show it'),
      term('Range', 'the 95% confidence interval: where the group’s true percentage probably lies; small groups have wide ranges'),
      term('Hidden', `no figure is shown for a group of fewer than ${count(s.suppress_below)} people who answered, so that no one can be identified`),
      term('Low base (*)', `a group of under ${count(s.min_base)} people who answered: shown, never confirmed`))))
}

function downloads (survey, findings) {
  const base = `/api/surveys/${encodeURIComponent(survey.id)}/waves/${encodeURIComponent(findings.wave)}`
  // A plan drafts rows for the gaps of the characteristics shown; it is always of the
  // whole wave and unweighted, as gapfinder track re-measures it.
  const plan = new URLSearchParams()
  if (list(query.by).length) plan.set('by', list(query.by).join(','))
  // The earlier wave the page compares with (by default, the previous stored one), so
  // that the plan keeps up the gaps that narrowed since, as the page shows them.
  const earlier = query.previous_wave || (findings.trend.length ? findings.trend[0].from_wave : '')
  if (earlier) plan.set('previous_wave', earlier)
  if (query.intersections === '1') plan.set('intersections', '1')
  const planLink = (format, text) => {
    const q = new URLSearchParams(plan)
    q.set('format', format)
    return el('li', {}, el('a', { class: 'govuk-link', href: `${base}/action-plan?${q}`, download: '' }, text))
  }
  return [
    el('p', { class: 'govuk-body' }, 'The action plan has a row for each flagged gap, ready for the equality action plan: the lead, the target date and how success will be measured. ' +
      'It covers the characteristics shown, for every respondent and unweighted, so the “Only include” and weighting settings do not apply to it.'),
    el('ul', { class: 'govuk-list' },
      planLink('xlsx', 'Action plan (Excel workbook)'), planLink('csv', 'Action plan (CSV)'), planLink('md', 'Action plan (Markdown)'),
      el('li', {}, el('a', { class: 'govuk-link', href: `${base}/report?${apiQuery()}`, download: '' }, 'Findings report (HTML, as shown on this page)'))),
    ...(survey.kind === 'consultation' ? eqiaDownloads(base) : [])
  ]
}

// A consultation's evidence for an equality impact assessment (docs/eqia.md): every
// characteristic, every respondent, unweighted, like the plan.
function eqiaDownloads (base) {
  const link = (format, text) => el('li', {}, el('a', { class: 'govuk-link', href: `${base}/eqia?format=${format}`, download: '' }, text))
  return [
    el('p', { class: 'govuk-body' }, 'The equality impact assessment evidence gives, for each protected characteristic, support for the proposal by group, the concerns each group raises more than others, quotes, and a draft potential impact for the equality officer to confirm, then whom the consultation did not hear.'),
    el('ul', { class: 'govuk-list' },
      link('html', 'Equality impact assessment evidence (HTML)'), link('xlsx', 'Equality impact assessment evidence (Excel workbook)'),
      link('md', 'Equality impact assessment evidence (Markdown)'))
  ]
}

async function drillDown (survey, findings, slot) {
  const select = el('select', { class: 'govuk-select', id: 'drill-question' },
    findings.questions.map(q => el('option', { value: q.id }, q.text)))
  const output = el('div', { 'aria-live': 'polite' })
  const button = el('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, 'Show this question')
  button.addEventListener('click', async () => {
    output.replaceChildren(el('p', { class: 'govuk-body' }, 'Drawing the charts…'))
    const q = apiQuery()
    q.set('question', select.value)
    try {
      const charts = await api(`/api/surveys/${encodeURIComponent(survey.id)}/waves/${encodeURIComponent(findings.wave)}/charts?${q}`)
      output.replaceChildren(...charts.bar_charts.map(c => figure(c)))
    } catch (error) {
      output.replaceChildren()
      showErrors([{ text: error.message }])
    }
  })
  slot.replaceChildren(el('div', { class: 'govuk-form-group' },
    el('label', { class: 'govuk-label govuk-label--s', for: 'drill-question' }, 'Question'), select), button, output)
}

// A partnership's user reads the pooled analysis of the member councils (docs/api.md,
// "Partnership users"): the confirmed gaps across the partnership, each council's groups
// confirmed apart from the partnership average, and the partnership plan. There are no
// charts, report or settings here: those read a council's rows.
async function pooledPage (base) {
  const [{ surveys }, pooled] = await Promise.all([api('/api/surveys'), api(`${base}/findings`)])
  const findings = pooled.findings
  const survey = surveys.find(s => s.id === query.survey)
  const labels = Object.fromEntries(survey.groupings.map(g => [g.id, g.label]))
  const questions = Object.fromEntries(findings.questions.map(q => [q.id, q.text]))
  const councils = pooled.parts.map(p => p.organisation)
  const respondents = pooled.parts.reduce((total, p) => total + p.respondents, 0)
  const flagged = findings.results.filter(r => r.flagged && !r.suppressed)
  const councilGaps = pooled.councils.filter(r => r.flagged && !r.suppressed)
  const hidden = findings.results.filter(r => r.suppressed).length

  document.title = `Equality gaps across the partnership: ${survey.title}, wave ${findings.wave} – gapfinder`
  document.getElementById('survey-title').textContent = survey.title
  document.getElementById('findings-heading').textContent = `Equality gaps across the partnership in wave ${findings.wave}`
  document.getElementById('settings-form').hidden = true
  const planLink = (format, text) => el('li', {}, el('a', { class: 'govuk-link', href: `${base}/action-plan?format=${format}`, download: '' }, text))
  const slot = document.getElementById('findings')
  slot.replaceChildren(
    section('in-brief', 'In brief',
      el('p', { class: 'govuk-body-l', id: 'pooled-lead' }, `The ${count(councils.length)} councils’ residents together ` +
        `(${count(respondents)} people): ${flagged.length ? count(flagged.length) : 'no'} confirmed ${flagged.length === 1 ? 'gap' : 'gaps'} across the ` +
        `partnership, and ${councilGaps.length ? count(councilGaps.length) : 'no'} council ${councilGaps.length === 1 ? 'group' : 'groups'} confirmed apart ` +
        'from the partnership average.'),
      el('p', { class: 'govuk-body' }, `Councils: ${councils.join(', ')}. The pooled figures are totals of each council’s ` +
        'counts: the partnership never sees a council’s answers, one person at a time.'),
      el('p', { class: 'govuk-body' }, `A gap is confirmed when it is at least ${findings.settings.gap_pp} percentage points, both groups ` +
        `have at least ${count(findings.settings.min_base)} people who answered, and it is larger than chance would give across all ` +
        'the comparisons made.'),
      howToRead(findings)),
    section('downloads', 'Download the partnership plan',
      el('p', { class: 'govuk-body' }, 'The partnership plan has a row for each confirmed gap, pooled or in some councils only, in the Equality Framework layout, with the councils that show each gap.'),
      el('ul', { class: 'govuk-list' }, planLink('xlsx', 'Partnership plan (Excel workbook)'), planLink('csv', 'Partnership plan (CSV)'),
        planLink('md', 'Partnership plan (Markdown)'))),
    section('flagged', `Confirmed gaps across the partnership (${flagged.length})`,
      el('p', { class: 'govuk-body' }, `${count(hidden)} figures are hidden because the group is small.`),
      el('p', { class: 'govuk-body', id: 'counts-kind' }, findings.counts && findings.counts.kind === 'perturbed'
        ? `Counts have a little noise added to each (up to ${findings.counts.max_perturbation} either way), as on every council’s pages, so that no one can work out a small group by taking one table away from another.`
        : 'Counts on this page are exact.'),
      flagged.length
        ? el('ul', { class: 'govuk-list govuk-list--bullet', id: 'flagged-list' },
          flagged.map(r => gapInWords(r, questions[r.question] || r.question, 'everyone else who disclosed', labels[r.characteristic] || r.characteristic)))
        : el('p', { class: 'govuk-body' }, 'No gap was confirmed across the partnership.')),
    section('councils', `Councils apart from the partnership (${councilGaps.length})`,
      el('p', { class: 'govuk-body' }, 'A council’s group whose answers differ from the same group in the other councils by more than chance and by enough to matter.'),
      councilGaps.length
        ? el('ul', { class: 'govuk-list govuk-list--bullet', id: 'council-list' },
          councilGaps.map(r => el('li', {}, `On “${questions[r.question] || r.question}”: ${r.in_words}.`)))
        : el('p', { class: 'govuk-body' }, 'No council’s group was confirmed apart from the partnership.')))
  slot.setAttribute('aria-busy', 'false')
  startGovUk()
}

async function main () {
  const me = await signedIn()
  if (!query.survey || !query.wave) throw new Error('Choose a survey and wave from the surveys page')
  const base = `/api/surveys/${encodeURIComponent(query.survey)}/waves/${encodeURIComponent(query.wave)}`
  if (me.organisation && me.organisation.kind === 'partnership') return pooledPage(base)
  const [{ surveys }, findings, charts] = await Promise.all([
    api('/api/surveys'), api(`${base}/findings?${apiQuery()}`), api(`${base}/charts?${apiQuery()}`)])
  const survey = surveys.find(s => s.id === query.survey)
  const labels = Object.fromEntries(survey.groupings.map(g => [g.id, g.label]))
  const labelOf = id => id.split(' x ').map(part => labels[part] || part).join(' × ')
  const questions = Object.fromEntries(findings.questions.map(q => [q.id, q.text]))
  const questionText = id => questions[id] || id

  document.title = `Equality gaps: ${survey.title}, wave ${findings.wave} – gapfinder`
  document.getElementById('survey-title').textContent = survey.title
  document.getElementById('findings-heading').textContent = `Equality gaps in wave ${findings.wave}`
  settingsForm(survey, findings)

  const flagged = findings.results.filter(r => r.flagged && !r.suppressed)
  const crossFlagged = findings.intersections.filter(r => r.flagged && !r.suppressed)
  const hidden = findings.results.filter(r => r.suppressed).length
  const drill = el('div', {})
  const slot = document.getElementById('findings')
  slot.replaceChildren(
    // What most visitors came for, first: the headline, then the plan and the report.
    section('in-brief', 'In brief',
      el('p', { class: 'govuk-body-l' }, charts.headline.lead),
      charts.headline.sentences.length
        ? el('ul', { class: 'govuk-list govuk-list--bullet govuk-body-l', id: 'headline' }, charts.headline.sentences.map(s => el('li', {}, s.text)))
        : null,
      charts.headline.weighting ? el('p', { class: 'govuk-body', id: 'weighting-note' }, charts.headline.weighting) : null,
      el('p', { class: 'govuk-body' }, `A gap is confirmed when it is at least ${findings.settings.gap_pp} percentage points, both groups ` +
        `have at least ${count(findings.settings.min_base)} people who answered, and it is larger than chance would give across all ` +
        'the comparisons made. Other differences on this page may be chance; they are shown in grey.'),
      howToRead(findings)),
    section('downloads', 'Download the action plan and report', ...downloads(survey, findings)),
    describeSettings(findings, labelOf),
    section('flagged', `Flagged gaps (${flagged.length})`,
      el('p', { class: 'govuk-body' }, `Groups whose answers differ from ${charts.comparison} by more than chance and by enough to matter. ` +
        `${count(hidden)} figures (a group on a question) are hidden because the group is small. ` +
        `No figure is shown for a group of fewer than ${count(findings.settings.suppress_below)} people who answered, and where ` +
        'the hidden figures could be worked out by taking the shown ones away from a total, more groups are hidden with them, ' +
        "so that no one can work out a small group's figures or who is in it."),
      el('p', { class: 'govuk-body', id: 'counts-kind' }, findings.counts && findings.counts.kind === 'perturbed'
        ? 'Counts on this page have a little noise added to each (up to ' + findings.counts.max_perturbation + ' either way), ' +
          'so that no one can work out a small group by taking one table away from another: the cell key method the ONS used ' +
          'for Census 2021. The same people always give the same count, and percentages and intervals are worked out from ' +
          'these counts. Which gaps are flagged is decided on the exact counts, so the same gaps are flagged as in the ' +
          'approved report; p-values are not shown, since they would give the exact counts back. The approved report and ' +
          'plan, with exact counts, are made with gapfinder on the command line.'
        : 'Counts on this page are exact.'),
      flagged.length
        ? el('ul', { class: 'govuk-list govuk-list--bullet', id: 'flagged-list' },
          flagged.map(r => gapInWords(r, questionText(r.question), charts.comparison, labelOf(r.characteristic))))
        : el('p', { class: 'govuk-body' }, 'No gap was flagged.')),
    section('heatmaps', 'Gaps by characteristic',
      el('p', { class: 'govuk-body' }, `Each cell is a group’s gap from ${charts.comparison} on one question, in percentage points: orange means fewer positive answers, purple more. ` +
        'Flagged gaps have a heavy border and an arrow; hidden small groups are hatched.'),
      el('ol', { class: 'govuk-list govuk-list--number govuk-body-s' }, charts.questions.map(q => el('li', {}, `${q.short_label}: ${q.text}`))),
      charts.heatmaps.map(h => figure(h))),
    section('charts', 'Flagged gaps in detail',
      charts.bar_charts.filter(c => !c.intersection).map(c => figure(c)),
      charts.bar_charts.some(c => !c.intersection) ? null : el('p', { class: 'govuk-body' }, 'No gap was flagged.')),
    section('drill-down', 'Look at one question', drill),
    section('who-responded', 'Who responded', ...representativeness(findings, labelOf)),
    section('intersections-section', 'Intersections', ...(findings.settings.intersections
      ? [el('p', { class: 'govuk-body' }, 'A pair of groups, such as disabled women, is compared with everyone else who told us both. ' +
          'It counts as a gap of its own only when it differs from what its two groups predict together (for example, from ' +
          'disabled residents’ and women’s figures), in the same direction as its gap and by at least ' +
          `${findings.settings.gap_pp} points: otherwise its gap is its groups’ gaps again, already listed above.`),
        crossFlagged.length
          ? el('ul', { class: 'govuk-list govuk-list--bullet' }, crossFlagged.map(r => gapInWords(r, questionText(r.question), charts.comparison, labelOf(r.characteristic))))
          : el('p', { class: 'govuk-body' }, 'No intersection gap was flagged.'),
        charts.bar_charts.filter(c => c.intersection).map(c => figure(c))]
      : [el('p', { class: 'govuk-body' }, 'Tick “Also look at pairs of characteristics” under “Change what is shown” to compare, for example, disabled women with everyone else.')])),
    section('trend', 'Trend', ...trend(findings, questionText, labelOf)))
  await drillDown(survey, findings, drill)
  slot.setAttribute('aria-busy', 'false')
  startGovUk()
}

main().catch(error => {
  document.getElementById('findings').replaceChildren()
  showErrors([{ text: error.message }])
})
