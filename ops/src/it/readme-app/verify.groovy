// The application's dependency tree is the library and what it needs, and every README example
// printed what its "// prints" comments say, on the class path and on the module path.
def target = new File(basedir, 'target')
def tree = new File(target, 'dependency-tree.txt').getText('UTF-8').readLines()
def artifacts = tree.drop(1).collect { it.replaceAll(/^[|+\\\- ]+/, '') }.findAll { it }
def names = artifacts.collect { it.split(':')[1] } as Set
assert names == ['featuremaps-kernels', 'featuremaps-tensors', 'featuremaps-ops'] as Set :
        "the application's dependencies should be the library alone:\n" + tree.join('\n')
assert artifacts.every { it.split(':').length == 5 && it.endsWith(':compile') } :
        "a dependency with a classifier or an unexpected scope:\n" + tree.join('\n')
assert !artifacts.any { it.contains('agrona') || it.contains('test') } : tree.join('\n')

def readme = new File(readmePath).getText('UTF-8')
(readme =~ /(?s)```java\n(.*?)\n```/).collect { it[1] }.each { code ->
    def name = (code =~ /public class (\w+)/)[0][1]
    def expected = (code =~ /(?m)^\s*\/\/ prints (.*)$/).collect { it[1].trim() }
    ['class-path', 'module-path'].each { how ->
        def lines = new File(target, "${how}-${name}.txt").getText('UTF-8').readLines()*.trim()
        def printed = lines.findAll { expected.contains(it) }
        assert printed == expected : "${name} on the ${how} printed:\n" + lines.join('\n')
        assert lines.any { it.contains('featuremaps: using panama kernels') || it.contains('featuremaps: using scalar kernels') } :
                "${name} on the ${how} logged no kernel choice:\n" + lines.join('\n')
    }
}
return true
