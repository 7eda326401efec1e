String log = new File(basedir, 'build.log').text
assert log.contains('the database differs from the view files')
assert log =~ /create\s+view\s+public\.answer/ : 'the failure shows the plan'
assert log =~ /create\s+materialized view\s+public\.squares/
assert log.contains('BUILD FAILURE')
