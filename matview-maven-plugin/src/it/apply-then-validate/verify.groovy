String log = new File(basedir, 'build.log').text
int apply = log.indexOf('applied 2 change(s)')
int validate = log.indexOf('nothing to do: the database matches the view files', apply)
assert apply > 0 : 'apply created both views'
assert validate > apply : 'validate, after apply on the same database, found nothing to do'
assert log.contains('BUILD SUCCESS')
