// Sign in: POST /api/session with the name and password as JSON; then back to the
// page that sent the user here (only a path on this site), or the surveys.
import { api, clearErrors, fieldError, showErrors, startGovUk } from '/static/js/common.js'

const form = document.getElementById('sign-in-form')


// The parsed address, never the raw text: browsers drop tabs and newlines and read a
// backslash as a slash, so "/\t/evil.example/" passes a look at its first characters
// yet leads to //evil.example/. Resolved against this site, the address must still be
// on this site, and only its path, query and fragment are followed. A path can itself
// start with two slashes ("/.//evil.example" resolves to the path "//evil.example"),
// which as an address would leave the site again, so leading slashes become one.
function nextPage () {
  const next = new URLSearchParams(window.location.search).get('next')
  if (!next) return '/surveys'
  let url
  try {
    url = new URL(next, window.location.origin)
  } catch {
    return '/surveys'
  }
  if (url.origin !== window.location.origin) return '/surveys'
  return url.pathname.replace(/^\/+/, '/') + url.search + url.hash
}

form.addEventListener('submit', async event => {
  event.preventDefault()
  clearErrors()
  const name = form.elements.name.value.trim()
  const password = form.elements.password.value
  const missing = []
  fieldError('name', name ? '' : 'Enter your user name')
  fieldError('password', password ? '' : 'Enter your password')
  if (!name) missing.push({ text: 'Enter your user name', href: '#name' })
  if (!password) missing.push({ text: 'Enter your password', href: '#password' })
  if (missing.length) return showErrors(missing)
  try {
    await api('/api/session', { method: 'POST', json: { name, password } })
    window.location.assign(nextPage())
  } catch (error) {
    if (error.status === 429) {
      showErrors([{ text: error.message.charAt(0).toUpperCase() + error.message.slice(1) }])
    } else if (error.status === 401) {
      showErrors([{ text: 'The user name or password is not right', href: '#name' }])
    } else {
      showErrors([{ text: error.message }])
    }
  }
})

startGovUk()
