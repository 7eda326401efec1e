String log = new File(basedir, 'build.log').text
int apply = log.indexOf('applied 2 change(s)')
int test = log.indexOf(':test (default) @', apply)
int validate = log.indexOf('nothing to do: the database matches the view files', test)
assert apply > 0 : 'apply created both views'
assert test > apply : 'the test goal ran in integration-test, after apply (pre-integration-test)'
assert validate > test : 'validate, after apply on the same database, found nothing to do'
assert log.contains('2 passed, 0 failed, 0 skipped, in 1 file')
assert log.contains('BUILD SUCCESS')

File tap = new File(basedir, 'target/matview-tests/matview-sql-tests.tap')
File junit = new File(basedir, 'target/matview-tests/TEST-matview-sql-tests.xml')
assert tap.isFile() && junit.isFile() : 'the reports are under target/'
assert tap.text.contains('ok 1 - views/tests/squares.test.sql:3 ten squares') : 'reports name files relative to the build directory'
assert !tap.text.contains('not ok')
def suites = new groovy.xml.XmlSlurper().parse(junit)
assert suites.'**'.findAll { it.name() == 'testcase' }.size() == 2
assert suites.'**'.findAll { it.name() == 'failure' }.isEmpty()
