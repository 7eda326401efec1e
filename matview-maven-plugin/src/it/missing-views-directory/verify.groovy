String log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('matview: views directory views does not exist') : 'the error names the directory'
assert log.contains('viewsDirectory (-Dmatview.viewsDirectory)') : 'the hint names the parameter'
