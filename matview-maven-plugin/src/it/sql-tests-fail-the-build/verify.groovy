String log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('SQL tests failed')
assert log =~ /answer\.test\.sql:3/ : 'the failure names file:line'
assert log.contains('the answer is 41')
File junit = new File(basedir, 'target/matview-tests/TEST-matview-sql-tests.xml')
assert junit.isFile() : 'the report is written before the build fails'
def suites = new groovy.xml.XmlSlurper().parse(junit)
assert suites.'**'.findAll { it.name() == 'testcase' }.size() == 3
assert suites.'**'.findAll { it.name() == 'failure' }.size() == 1
assert new File(basedir, 'target/matview-tests/matview-sql-tests.tap').text.contains('not ok')
