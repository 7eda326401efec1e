String log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('127.0.0.1:1') || log.contains('localhost:1') : 'the error names the address it could not reach'
assert log.contains('check the url parameter (-Dmatview.url)')
