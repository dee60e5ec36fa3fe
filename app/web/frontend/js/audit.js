// The audit log (admins): GET /api/audit, newest first.
import { api, el, showErrors, signedIn, startGovUk, table } from '/static/js/common.js'

async function main () {
  const me = await signedIn()
  if (!me.may.read_audit_log) throw new Error(`Your role (${me.role}) may not read the audit log`)
  const { entries } = await api('/api/audit?limit=200')
  document.getElementById('audit').replaceChildren(table(`The latest ${entries.length} entries`,
    ['When (UTC)', 'Who', 'From', 'Action', 'Outcome', 'Detail'],
    entries.map(e => [e.at.replace('T', ' ').replace('Z', ''), e.user, e.address, e.action.replace('_', ' '),
      el('strong', { class: `govuk-tag govuk-tag--${e.outcome === 'ok' ? 'green' : 'red'}` }, e.outcome), e.detail])))
  startGovUk()
}

main().catch(error => {
  document.getElementById('audit').replaceChildren()
  showErrors([{ text: error.message }])
})
