String log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE') || log.contains('BUILD ERROR')
assert log =~ /missing-views-directory.views/ : 'the error names the directory'
assert log.contains('viewsDirectory (-Dmatview.viewsDirectory)') : 'the hint names the parameter'
