// Makes the application out of README.md alone: its Maven coordinates become the dependencies
// (featuremaps-ops too, in the README's group and version, when an example imports it), and
// every Java example becomes a source file with one run on the class path and one on the
// module path.
def readme = new File(readmePath).getText('UTF-8')
def xml = (readme =~ /(?s)```xml\n(.*?)\n```/).collect { it[1] }
assert xml.size() == 1 : "README.md should give one block of Maven coordinates, has ${xml.size()}"
def coordinates = xml[0]
def group = (coordinates =~ /<groupId>(.*?)<\/groupId>/)[0][1]
def version = (coordinates =~ /<version>(.*?)<\/version>/)[0][1]
def examples = (readme =~ /(?s)```java\n(.*?)\n```/).collect { it[1] }
assert examples.size() >= 3 : "README.md has ${examples.size()} Java examples"

def dependencies = new StringBuilder(coordinates.readLines().collect { '    ' + it }.join('\n'))
if (examples.any { it.contains('import dev.featuremaps.ops.') }) {
    dependencies << """
    <dependency>
      <groupId>${group}</groupId>
      <artifactId>featuremaps-ops</artifactId>
      <version>${version}</version>
    </dependency>"""
}

def sources = new File(basedir, 'src/main/java')
sources.mkdirs()
def runs = new StringBuilder()
examples.each { code ->
    def name = (code =~ /public class (\w+)/)[0][1]
    new File(sources, name + '.java').setText(code, 'UTF-8')
    def vector = '<argument>--add-modules=jdk.incubator.vector</argument>'
    runs << """
          <execution>
            <id>class-path-${name}</id>
            <phase>verify</phase>
            <goals><goal>exec</goal></goals>
            <configuration>
              <executable>java</executable>
              <outputFile>\${project.build.directory}/class-path-${name}.txt</outputFile>
              <arguments>${vector}<argument>-classpath</argument><classpath/><argument>${name}</argument></arguments>
            </configuration>
          </execution>
          <execution>
            <id>module-path-${name}</id>
            <phase>verify</phase>
            <goals><goal>exec</goal></goals>
            <configuration>
              <executable>java</executable>
              <outputFile>\${project.build.directory}/module-path-${name}.txt</outputFile>
              <arguments>${vector}<argument>--module-path=\${project.build.directory}/libs</argument><argument>--add-modules=ALL-MODULE-PATH</argument><argument>-classpath</argument><argument>\${project.build.outputDirectory}</argument><argument>${name}</argument></arguments>
            </configuration>
          </execution>"""
}

def pom = new File(basedir, 'pom.xml')
pom.setText(pom.getText('UTF-8').replace('<!-- readme: dependencies -->', dependencies.toString())
        .replace('<!-- readme: runs -->', runs.toString()), 'UTF-8')
return true
