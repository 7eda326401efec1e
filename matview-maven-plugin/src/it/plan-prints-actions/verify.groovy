String log = new File(basedir, 'build.log').text
assert log.contains('using an embedded PostgreSQL for this build')
assert log =~ /create\s+view\s+public\.answer/ : 'the plan names the plain view'
assert log =~ /create\s+materialized view\s+public\.squares/ : 'the plan names the materialized view'
assert log.contains('BUILD SUCCESS')
