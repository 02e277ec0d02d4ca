// Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI reads,
// since jest's own summary ("Tests: 5 passed, 5 total") is not in that form.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\njest: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
