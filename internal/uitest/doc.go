// Package uitest drives the inspector page (/__emulator/ui) in Debian's headless Chromium against
// a running emulator. Its tests need the chromium package; where it cannot be installed,
// ACCESSEMU_SKIP_BROWSER=1 skips them, except under CI=true (CI installs it). With
// ACCESSEMU_SCREENSHOTS set to a directory, they save a screenshot of each main view there (the
// README's come from such a run).
package uitest
