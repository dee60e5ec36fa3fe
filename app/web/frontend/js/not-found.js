// Page not found: only the shared set-up.
import { startGovUk } from '/static/js/common.js'

startGovUk()
